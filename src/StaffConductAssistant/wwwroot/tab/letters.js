import { el, fill, $, say, start, api, problem, field, formatDateTime } from '/tab/assets/app.js';

// The letter templates (SLT only): each edit is saved as a new version, and the letters proposed after it use it.
// The server checks every request through the access rule and refuses a placeholder it cannot fill.
const me = await start();
if (me) await list();

async function list() {
  const response = await api('/api/tab/letters');
  if (!response.ok) { fill($('main'), el('h1', {}, 'Letters'), el('p', {}, (await problem(response)).title)); return; }
  const templates = await response.json();
  fill($('main'),
    el('h1', {}, 'Letters'),
    el('p', { class: 'lead' }, 'The letters the school sends for each response. A change is saved as a new version: ' +
      'letters proposed after it use it, letters already proposed keep their words, and every version stays here.'),
    el('ul', { class: 'choices', id: 'templates' }, ...templates.map(t => el('li', {},
      el('button', { type: 'button', class: 'secondary', 'data-key': t.key, onclick: () => open(t.key) }, t.title),
      ' ', el('span', { class: 'hint' }, `version ${t.version}, ${t.editedBy ? 'by ' + t.editedBy + ', ' : ''}${formatDateTime(t.editedAt)}`)))),
    el('section', { id: 'editor' }));
  const wanted = new URLSearchParams(location.search).get('key');
  if (wanted && templates.some(t => t.key === wanted)) await open(wanted);
}

async function open(key) {
  const response = await api('/api/tab/letters/' + encodeURIComponent(key));
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  const t = await response.json();
  const latest = t.versions[0];
  const subject = el('input', { name: 'subject', type: 'text', maxlength: 200, value: latest?.subject || '' });
  const body = el('textarea', { name: 'body', rows: 18, maxlength: 10000 }, latest?.body || '');
  const preview = el('section', { class: 'panel', id: 'preview', hidden: true });
  const form = el('form', { id: 'edit', onsubmit: e => { e.preventDefault(); save(t, latest, subject, body); } },
    field('Subject', subject, 'You can use ' + t.subjectPlaceholders.join(', ') + '.'),
    field('Letter', body, 'The app fills in ' + t.placeholders.join(', ') + '. Keep {signature}: the name and title of whoever decided go there.'),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'secondary', id: 'preview-button', onclick: () => showPreview(key, subject, body, preview) }, 'Preview'),
      el('button', { type: 'submit', class: 'primary', id: 'save' }, `Save as version ${(latest?.version || 0) + 1}`)));
  fill($('#editor'),
    el('h2', {}, t.title),
    form,
    preview,
    el('h3', {}, 'Versions'),
    el('ol', { id: 'versions', reversed: true }, ...t.versions.map(v => el('li', {},
      el('details', {},
        el('summary', {}, `Version ${v.version}: ${v.by || 'unknown'}, ${formatDateTime(v.at)}`),
        el('p', {}, el('strong', {}, v.subject)),
        el('pre', { class: 'email-body' }, v.body))))));
  subject.focus();
}

async function showPreview(key, subject, body, panel) {
  const response = await api('/api/tab/letters/' + encodeURIComponent(key) + '/preview', { method: 'POST', json: { subject: subject.value, body: body.value } });
  if (!response.ok) { panel.hidden = true; say((await problem(response)).title, 'error'); return; }
  const p = await response.json();
  panel.hidden = false;
  fill(panel, el('h3', {}, 'Preview'), el('p', { class: 'hint' }, p.sample), el('p', {}, el('strong', {}, p.subject)), el('pre', { class: 'email-body' }, p.body));
}

async function save(t, latest, subject, body) {
  const response = await api('/api/tab/letters/' + encodeURIComponent(t.key), { method: 'POST', json: { basedOnVersion: latest?.version || 0, subject: subject.value, body: body.value } });
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  const saved = await response.json();
  say(`Saved as version ${saved.version}. Letters proposed from now on use it.`);
  await open(t.key);
}
