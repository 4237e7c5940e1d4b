import { el, fill, $, say, start, api, problem, field, formatDate, formatDateTime } from '/tab/assets/app.js';
import { redactionPreview } from '/tab/assets/redaction-preview.js';

// One parent's record and chronology: every concern about them, across all groups, that you may see.
// The parent is named by id in the address, never by name. SLT can merge another record into this one,
// move a concern to another record, and (issue 11) download everything held about the parent.
const section = (title, ...content) => el('section', { class: 'panel', 'aria-label': title }, el('h2', {}, title), ...content);
const id = Number(location.pathname.split('/').pop());
const me = await start();
if (me) await load();

async function load() {
  const response = await api(`/api/tab/parents/${id}`);
  if (response.status === 404) {
    fill($('main'), el('h1', {}, 'Parent not found'), el('p', {}, 'There is no such parent record, or no concern about them that you can see. '), el('a', { href: '/tab/concerns' }, 'Back to the concerns'));
    return;
  }
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  const body = await response.json();
  if (body.mergedIntoId) { location.replace(`/tab/parents/${body.mergedIntoId}`); return; }
  render(body);
}

function render(r) {
  const p = r.parent;
  document.title = `${p.name} – Staff Conduct Assistant`;
  fill($('main'),
    el('p', {}, el('a', { href: '/tab/concerns' }, '← All concerns')),
    el('h1', {}, p.name),
    el('dl', { class: 'facts' },
      p.otherNames.length > 0 && [el('dt', {}, 'Also written'), el('dd', {}, p.otherNames.join(', '))],
      p.groups.length > 0 && [el('dt', {}, 'WhatsApp groups'), el('dd', {}, p.groups.join(', '))],
      p.childrenClasses.length > 0 && [el('dt', {}, "Children's classes"), el('dd', {}, p.childrenClasses.join(', '))],
      p.email && [el('dt', {}, 'Email'), el('dd', {}, p.email)]),
    section(`Chronology (${r.concerns.length})`, r.concerns.length === 0 ? el('p', { class: 'muted' }, 'No concerns on this record.') :
      el('ol', { class: 'chronology', id: 'chronology' }, r.concerns.map(c => el('li', { 'data-concern': String(c.id) },
        el('h3', {}, el('a', { href: `/tab/concerns/${c.id}` }, `Concern ${c.id}`), ` – ${formatDate(c.loggedAt)}, ${c.group}`),
        el('p', {}, el('span', { class: 'badge ' + (c.open ? 'warning' : 'ok') }, c.stateLabel), ' ', c.conduct.join(', '),
          c.postedBy !== p.name ? el('span', { class: 'hint' }, ` (written “${c.postedBy}”)`) : null),
        c.quote && el('blockquote', {}, c.quote),
        c.proposedAt && el('p', { class: 'muted' }, `Proposed ${formatDateTime(c.proposedAt)}: ${c.responses.join(', ')}`),
        c.decidedAt && el('p', { class: 'muted' }, `Decided ${formatDateTime(c.decidedAt)}`),
        r.mayMove && moveForm(c))))),
    r.allowed.includes('MergeParents') && mergePanel(p),
    r.allowed.includes('ExportSubjectAccess') && section('Subject access request',
      el('p', {}, 'Everything the school holds about this parent, in one ZIP file: a summary to read, and the original emails and files. Other parents, children and staff are hidden unless you choose to show them.'),
      el('div', { class: 'actions' }, el('button', { type: 'button', class: 'primary', id: 'sar-preview', onclick: () => preview(p) }, 'Preview the download')),
      el('div', { id: 'sar' })));
}

async function findParents(name) {
  const response = await api('/api/tab/parents/find', { method: 'POST', json: { name } });
  if (!response.ok) { say((await problem(response)).title, 'error'); return []; }
  return (await response.json()).filter(x => x.id !== id);
}

function chooser(label, onChosen) {
  const name = el('input', { type: 'search', autocomplete: 'off', name: 'findParent' });
  const results = el('div', { class: 'results' });
  const look = async () => {
    const found = await findParents(name.value);
    fill(results, found.length === 0 ? el('p', { class: 'muted' }, 'No other parent records match.') :
      el('ul', {}, found.map(x => el('li', {}, el('button', { type: 'button', class: 'link', onclick: () => onChosen(x) },
        `${x.name}${x.groups.length ? ' (' + x.groups.join(', ') + ')' : ''}${x.otherNames.length ? ', also written ' + x.otherNames.join(', ') : ''}`)))));
  };
  return el('form', { onsubmit: e => { e.preventDefault(); look(); } }, field(label, name), el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'secondary' }, 'Find')), results);
}

function mergePanel(p) {
  const chosen = el('div', { id: 'merge-chosen' });
  return section('Merge another record into this one',
    el('p', { class: 'muted' }, `When two records are the same person (“Dan Smith” and “Daniel Smith”), merge them: the other record's concerns join ${p.name}'s chronology. The merge is recorded.`),
    chooser('Find the other record by name', other => {
      const reason = el('textarea', { name: 'mergeReason', rows: 2, maxlength: 2000 });
      fill(chosen, el('form', { class: 'panel', onsubmit: async e => {
        e.preventDefault();
        const response = await api(`/api/tab/parents/${p.id}/merge`, { method: 'POST', json: { otherParentId: other.id, reason: reason.value } });
        if (!response.ok) { say((await problem(response)).title, 'error'); return; }
        say((await response.json()).note, 'success');
        await load();
      } }, el('p', {}, `Merge ${other.name} into ${p.name}.`), field('Why are they the same person?', reason),
        el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Merge the records'))));
    }), chosen);
}

function moveForm(c) {
  const target = el('div');
  const open = el('button', { type: 'button', class: 'link', onclick: () => {
    fill(target, chooser('Find the parent it is really about', other => {
      const reason = el('textarea', { name: 'moveReason', rows: 2, maxlength: 2000 });
      fill(target, el('form', { class: 'panel', onsubmit: async e => {
        e.preventDefault();
        const response = await api(`/api/tab/concerns/${c.id}/parent`, { method: 'POST', json: { parentId: other.id, reason: reason.value } });
        if (!response.ok) { say((await problem(response)).title, 'error'); return; }
        say((await response.json()).note, 'success');
        await load();
      } }, el('p', {}, `Move concern ${c.id} to ${other.name}.`), field('Why?', reason),
        el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Move the concern'))));
    }));
  } }, 'This concern is about someone else…');
  return el('div', {}, open, target);
}

// Subject access: the shared redaction preview (redaction-preview.js), then the ZIP.
function preview(p) {
  return redactionPreview($('#sar'), `/api/tab/parents/${p.id}/subject-access/preview`, {
    fileName: `subject-access-parent-${p.id}.zip`,
    download: unredact => api(`/api/tab/parents/${p.id}/subject-access`, { method: 'POST', json: { unredact } }),
  });
}
