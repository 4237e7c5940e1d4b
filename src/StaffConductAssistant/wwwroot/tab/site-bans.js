import { el, fill, $, say, start, api, problem, formatDate } from '/tab/assets/app.js';

// Who is banned from the school site, and until when (SLT and the Headmistress, by the access rule).
const me = await start();
if (me) await load();

async function load() {
  const response = await api('/api/tab/site-bans');
  if (!response.ok) {
    fill($('main'), el('h1', {}, 'Site bans'));
    say((await problem(response)).title, 'error');
    return;
  }
  const bans = await response.json();
  fill($('main'),
    el('h1', {}, 'Site bans'),
    el('p', { class: 'lead' }, 'Parents who may not come onto the school site now, provisionally or after review. A lifted ban is not listed; its case keeps the record.'),
    bans.length === 0
      ? el('p', { class: 'muted', id: 'no-bans' }, 'Nobody is banned from the site.')
      : el('table', { id: 'site-bans' },
          el('thead', {}, el('tr', {}, ['Parent', 'Group', 'Where it stands', 'Until', 'Since'].map(h => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, bans.map(b => el('tr', {},
            el('td', {}, el('a', { href: `/tab/concerns/${b.caseId}` }, b.parent)),
            el('td', {}, b.group),
            el('td', {}, b.stateLabel),
            el('td', {}, b.until),
            el('td', {}, formatDate(b.since)))))));
}
