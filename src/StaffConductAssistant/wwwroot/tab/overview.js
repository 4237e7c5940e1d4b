import { el, fill, $, say, start, api, problem, download, field } from '/tab/assets/app.js';

const me = await start();
if (me) await load();

async function load() {
  const q = new URLSearchParams(location.search);
  const query = new URLSearchParams([...q].filter(([k, v]) => (k === 'from' || k === 'to') && v));
  const response = await api('/api/tab/overview?' + query);
  if (response.status === 403) {
    fill($('main'), el('h1', {}, 'Overview'), el('p', {}, 'The overview is for SLT and the Headmistress.'));
    return;
  }
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  render(await response.json(), query);
}

// A bar chart that is also a table, so it reads the same to screen readers and in high contrast.
function chart(title, counts, note) {
  const max = Math.max(1, ...counts.map(c => c.total));
  return el('section', { class: 'panel' }, el('h2', {}, title), note && el('p', { class: 'hint' }, note),
    counts.length === 0 ? el('p', { class: 'muted' }, 'None in this period.') :
    el('table', { class: 'chart' },
      el('caption', { class: 'visually-hidden' }, title),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Item'), el('th', { scope: 'col' }, 'Concerns'), el('th', { scope: 'col' }, 'Still open'))),
      el('tbody', {}, counts.map(c => {
        const bar = el('span', { class: 'bar', 'aria-hidden': 'true' });
        bar.style.width = `${(c.total / max) * 100}%`;
        const open = el('span', { class: 'bar-open', 'aria-hidden': 'true' });
        open.style.width = c.total ? `${(c.open / c.total) * 100}%` : '0';
        bar.append(open);
        return el('tr', {}, el('th', { scope: 'row' }, c.label), el('td', { class: 'bar-cell' }, el('span', { class: 'bar-track' }, bar), el('span', { class: 'num' }, String(c.total))), el('td', { class: 'num' }, String(c.open)));
      }))));
}

function render(o, query) {
  const from = el('input', { name: 'from', type: 'date', value: o.from });
  const to = el('input', { name: 'to', type: 'date', value: o.to });
  fill($('main'), 
    el('h1', {}, 'Overview'),
    el('p', { class: 'lead' }, 'Numbers only, with no names, for SLT and governors.'),
    el('form', { class: 'filters', method: 'get', action: '/tab/overview', 'aria-label': 'Period' }, field('From', from), field('To', to),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Show'),
        el('button', { type: 'button', class: 'secondary', onclick: () => download('/api/tab/overview.csv?' + query, 'concerns-overview.csv') }, 'Download as CSV'))),
    el('ul', { class: 'tiles', 'aria-label': 'Totals' },
      [['Concerns', o.total], ['Still open', o.open], ['Waiting too long for a decision', o.overdue], ['A child may be at risk', o.childAtRisk]].map(([label, value]) =>
        el('li', { class: 'tile' + (label.startsWith('Waiting') && value > 0 ? ' danger' : '') }, el('span', { class: 'tile-num' }, String(value)), el('span', {}, label)))),
    chart('By month', o.byMonth, 'Darker part of each bar: still open.'),
    chart('By group', o.byGroup),
    chart('By conduct', o.byConduct, 'A concern can involve more than one kind of conduct.'),
    chart('By state', o.byState),
    chart('Outcomes', o.outcomes, 'Responses the Headmistress approved, and concerns not taken further.'));
}
