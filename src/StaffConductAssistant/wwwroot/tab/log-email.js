import { el, fill, $, say, start, api, problem } from '/tab/assets/app.js';
import { loadFormOptions, renderConcernForm, alreadyLogged } from '/tab/assets/concern-form.js';

// For staff who use Outlook without Teams channels: drop the parent's email (.eml) here, check the form
// the app fills in from it (POST /api/email-drafts), and log the concern (POST /api/concerns).
const MAX_BYTES = 25 * 1024 * 1024;
const me = await start();
let options;
if (me) {
  options = await loadFormOptions();
  renderDrop();
}

function renderDrop() {
  const input = el('input', { type: 'file', id: 'email-file', accept: '.eml,message/rfc822', class: 'visually-hidden', onchange: e => e.target.files[0] && read(e.target.files[0]) });
  const zone = el('label', { for: 'email-file', class: 'drop-zone', id: 'drop-zone' },
    el('span', { class: 'drop-title' }, 'Drop the email file here'),
    el('span', {}, 'or select this box to choose it'),
    el('span', { class: 'hint' }, 'Save the parent\'s email as an .eml file (in Outlook on the web: the three dots, then Download), or drag the email from Outlook onto this box.'));
  for (const name of ['dragenter', 'dragover']) zone.addEventListener(name, e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => { e.preventDefault(); zone.classList.remove('over'); const f = e.dataTransfer.files[0]; if (f) read(f); });
  fill($('main'), 
    el('h1', {}, 'Log a concern from an email file'),
    el('p', { class: 'lead' }, 'The form fills itself in from the email. You check it, change anything that is wrong, and log the concern.'),
    input, zone,
    el('div', { id: 'draft' }));
}

async function read(file) {
  if (file.size > MAX_BYTES) { say('That file is larger than 25 MB. Is it the right one?', 'error'); return; }
  say(`Reading ${file.name}…`);
  const response = await api('/api/email-drafts', { method: 'POST', body: await file.arrayBuffer(), headers: { 'Content-Type': 'message/rfc822' } });
  if (response.status === 422) { say((await problem(response)).detail || 'That file is not an email. Save the email from Outlook and try again.', 'error'); return; }
  if (response.status === 413) { say('That email is larger than 25 MB.', 'error'); return; }
  if (!response.ok) { const p = await problem(response); say(response.status === 404 ? 'Reading emails is not available yet.' : p.title, 'error'); return; }
  say('');
  const draft = await response.json();
  if (draft.alreadyLogged) {
    fill($('#draft'), alreadyLogged(draft.alreadyLogged));
    $('#already-title').focus();
    return;
  }
  renderConcernForm($('#draft'), draft, options, {
    title: `Check the concern from ${file.name}`,
    startAgain: renderDrop,
    onLogged: () => { $('#drop-zone').hidden = true; },
  });
}
