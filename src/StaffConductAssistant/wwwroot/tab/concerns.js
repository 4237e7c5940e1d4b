import { el, fill, $, say, start, api, problem, field, formatDate, teamsSubPage } from '/tab/assets/app.js';

// The parent's name is personal data: it is kept in the page's session, never in the URL (servers log URLs),
// and posted to the search API in the request body.
const PARENT_KEY = 'sca.concerns.parent';

const me = await start();
// "Open the case" on a card deep-links here with the case as the sub-page: go straight to it.
const deepLinked = /^case-(\d+)$/.exec(teamsSubPage || '');
if (me && deepLinked) location.replace('/tab/concerns/' + deepLinked[1]);
else if (me) await load();

function filtersFromUrl() {
  const q = new URLSearchParams(location.search);
  if (q.has('parent')) {
    sessionStorage.setItem(PARENT_KEY, q.get('parent') || '');
    q.delete('parent');
    history.replaceState(null, '', location.pathname + (q.size ? '?' + q : ''));
  }
  return { state: q.get('state') || '', group: q.get('group') || '', parent: sessionStorage.getItem(PARENT_KEY) || '', from: q.get('from') || '', to: q.get('to') || '' };
}

async function load() {
  const filters = filtersFromUrl();
  const body = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  const response = await api('/api/tab/concerns/search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  const list = await response.json();
  render(list, filters);
  showMore(list, body);
}

// The API answers one page at a time (list.next is the next page's offset): "Show more" appends the next page.
function showMore(list, body) {
  const more = $('#more');
  if (!more) return;
  if (list.next == null) { more.remove(); return; }
  more.onclick = async () => {
    more.disabled = true;
    const response = await api('/api/tab/concerns/search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, offset: list.next }) });
    if (!response.ok) { say((await problem(response)).title, 'error'); more.disabled = false; return; }
    const page = await response.json();
    $('table.concerns tbody').append(...page.items.map(row));
    more.disabled = false;
    list.next = page.next;
    if (page.next == null) more.remove();
  };
}

function render(list, filters) {
  const state = el('select', { name: 'state' }, el('option', { value: '' }, 'Any state'), el('option', { value: 'open', selected: filters.state === 'open' }, 'Still open'),
    list.states.map(s => el('option', { value: s.value, selected: s.value === filters.state }, s.label)));
  const group = el('select', { name: 'group' }, el('option', { value: '' }, 'Any group'), list.groups.map(g => el('option', { value: g, selected: g === filters.group }, g)));
  // No name attribute: the form's GET would put it in the URL; submit keeps it in the session instead.
  const parent = el('input', { id: 'parent-filter', type: 'search', value: filters.parent, autocomplete: 'off' });
  const from = el('input', { name: 'from', type: 'date', value: filters.from });
  const to = el('input', { name: 'to', type: 'date', value: filters.to });
  const form = el('form', { class: 'filters', method: 'get', action: '/tab/concerns', role: 'search', 'aria-label': 'Filter concerns',
    onsubmit: () => sessionStorage.setItem(PARENT_KEY, parent.value.trim()) },
    field('State', state), field('Group', group), field('Parent who posted', parent), field('Logged from', from), field('Logged to', to),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Show'), el('a', { class: 'button secondary', href: '/tab/concerns', onclick: () => sessionStorage.removeItem(PARENT_KEY) }, 'Clear')));
  const overdue = list.overdue;
  fill($('main'), 
    el('h1', {}, list.seesAll ? 'Concerns' : 'Concerns you logged'),
    !list.seesAll && el('p', { class: 'note' }, 'You can see the concerns you logged. SLT and the Headmistress see all of them.'),
    form,
    overdue > 0 && el('p', { class: 'banner warning' }, `${overdue} waiting too long for the Headmistress's decision. They are listed first.`),
    list.items.length === 0
      ? el('p', { class: 'empty' }, 'No concerns match.')
      : el('table', { class: 'table concerns' },
          el('caption', { class: 'visually-hidden' }, 'Concerns'),
          el('thead', {}, el('tr', {}, ['Concern', 'Group', 'Parent who posted', 'Logged', 'State', 'Conduct'].map(h => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, list.items.map(row))),
    list.next != null && el('p', { class: 'actions' }, el('button', { type: 'button', id: 'more', class: 'secondary' }, 'Show more')));
}

function row(c) {
  return el('tr', { class: c.overdue ? 'overdue' : '' },
    el('td', { 'data-label': 'Concern' }, el('a', { href: `/tab/concerns/${c.id}` }, `Concern ${c.id}`)),
    el('td', { 'data-label': 'Group' }, c.group),
    el('td', { 'data-label': 'Parent' }, c.postedBy),
    el('td', { 'data-label': 'Logged' }, formatDate(c.loggedAt)),
    el('td', { 'data-label': 'State' }, c.stateLabel, c.overdue && [' ', el('span', { class: 'badge danger' }, 'Overdue')], c.childAtRisk && [' ', el('span', { class: 'badge danger' }, 'Child at risk')]),
    el('td', { 'data-label': 'Conduct' }, c.conduct.join('; ')));
}
