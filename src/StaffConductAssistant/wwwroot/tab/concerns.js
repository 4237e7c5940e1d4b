import { el, fill, $, say, start, api, problem, field, formatDate, teamsSubPage } from '/tab/assets/app.js';

const me = await start();
// "Open the case" on a card deep-links here with the case as the sub-page: go straight to it.
const deepLinked = /^case-(\d+)$/.exec(teamsSubPage || '');
if (me && deepLinked) location.replace('/tab/concerns/' + deepLinked[1]);
else if (me) await load();

function filtersFromUrl() {
  const q = new URLSearchParams(location.search);
  return { state: q.get('state') || '', group: q.get('group') || '', parent: q.get('parent') || '', from: q.get('from') || '', to: q.get('to') || '' };
}

async function load() {
  const filters = filtersFromUrl();
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const response = await api('/api/tab/concerns?' + query);
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  const list = await response.json();
  render(list, filters);
  showMore(list, query);
}

// The API answers one page at a time (list.next is the next page's offset): "Show more" appends the next page.
function showMore(list, query) {
  const more = $('#more');
  if (!more) return;
  if (list.next == null) { more.remove(); return; }
  more.onclick = async () => {
    more.disabled = true;
    const q = new URLSearchParams(query);
    q.set('offset', list.next);
    const response = await api('/api/tab/concerns?' + q);
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
  const parent = el('input', { name: 'parent', type: 'search', value: filters.parent, autocomplete: 'off' });
  const from = el('input', { name: 'from', type: 'date', value: filters.from });
  const to = el('input', { name: 'to', type: 'date', value: filters.to });
  const form = el('form', { class: 'filters', method: 'get', action: '/tab/concerns', role: 'search', 'aria-label': 'Filter concerns' },
    field('State', state), field('Group', group), field('Parent who posted', parent), field('Logged from', from), field('Logged to', to),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Show'), el('a', { class: 'button secondary', href: '/tab/concerns' }, 'Clear')));
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
