// The case's tasks (what the app can't do itself): owner, due day, notes, done. Loaded after the case page has
// signed in (importing case.js waits for it); adding and marking done post the card's verbs to the case's actions.
import { el, fill, $, say, api, problem, field, formatDate, formatDateTime } from '/tab/assets/app.js';
import '/tab/assets/case.js';

const id = Number(location.pathname.split('/').pop());
const box = $('#tasks');
await load();

async function load() {
  const response = await api(`/api/tab/concerns/${id}/tasks`);
  if (!response.ok) { box.hidden = true; return; }
  render(await response.json());
}

function render(t) {
  if (t.tasks.length === 0 && !t.canAdd) { box.hidden = true; return; }
  box.hidden = false;
  const button = (label, onclick, cls = 'primary') => el('button', { type: 'button', class: cls, onclick: e => onclick(e.currentTarget) }, label);

  async function act(verb, data, b) {
    b.disabled = true;
    try {
      const response = await api(`/api/tab/concerns/${id}/actions`, { method: 'POST', json: { verb, data: { version: t.version, ...data } } });
      if (!response.ok) { say((await problem(response)).title, 'error'); return; }
      const result = await response.json();
      say(result.note || 'Done.', result.problem ? 'error' : 'success');
      // The whole page shows the case as it is now (its version moved on).
      location.reload();
    } finally {
      b.disabled = false;
    }
  }

  const list = t.tasks.length === 0 ? el('p', { class: 'muted' }, 'No tasks yet.') :
    el('ul', {}, t.tasks.map(x => el('li', {},
      el('strong', {}, x.title), ' – ', x.ownerName || 'a member of staff', ', ',
      x.doneAt ? `done ${formatDateTime(x.doneAt)}` : el('span', { class: x.overdue ? 'badge danger' : '' }, `${x.overdue ? 'overdue: was due' : 'due'} ${formatDate(x.dueOn)}`),
      x.notes && el('div', { class: 'muted' }, x.notes),
      !x.doneAt && x.canComplete && [' ', button('Mark done', b => act('completeTask', { taskId: x.id }, b), 'secondary')])));

  const parts = [el('h2', {}, 'Tasks'), list];
  if (t.canAdd) {
    const kind = el('select', { name: 'taskKind' }, t.kinds.map(k => el('option', { value: k.id }, k.title)));
    const owner = el('select', { name: 'taskOwner' }, t.owners.map(o => el('option', { value: o.id }, o.title)));
    const due = el('input', { type: 'date', name: 'taskDue', required: true });
    const notes = el('textarea', { name: 'taskNotes', rows: 3, maxlength: 2000 });
    parts.push(el('form', { 'aria-label': 'Add a task', onsubmit: e => e.preventDefault() },
      el('h3', {}, 'Add a task for something the app can\'t do itself'),
      field('What', kind), field('Owner (reminded the day before and on the day)', owner), field('Due', due), field('Notes', notes),
      el('div', { class: 'actions' }, button('Add the task', b => act('addTask', { taskKind: kind.value, taskOwner: owner.value, taskDue: due.value, taskNotes: notes.value }, b)))));
  }
  fill(box, ...parts);
}
