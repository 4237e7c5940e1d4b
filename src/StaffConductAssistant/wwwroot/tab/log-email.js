import { el, fill, $, say, start, api, problem, field, showFieldErrors } from '/tab/assets/app.js';

// For staff who use Outlook without Teams channels: drop the parent's email (.eml) here, check the form
// the app fills in from it (POST /api/email-drafts), and log the concern (POST /api/concerns).
const MAX_BYTES = 25 * 1024 * 1024;
const me = await start();
let options;
if (me) {
  const response = await api('/api/tab/form-options');
  options = response.ok ? await response.json() : { groups: [], conduct: [] };
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
  renderForm(await response.json(), file.name);
}

function list(values) { return (values || []).join(', '); }
function toLocalInput(value) {
  if (!value) return '';
  const d = new Date(value);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function renderForm(draft, fileName) {
  const source = name => draft.sources?.[name] ? `From the email: ${draft.sources[name]}` : null;
  const groups = options.groups.includes(draft.group) || !draft.group ? options.groups : [draft.group, ...options.groups];
  const group = el('select', { name: 'group', required: true }, el('option', { value: '' }, 'Choose the group'), groups.map(g => el('option', { value: g, selected: g === draft.group }, g)));
  const postedBy = el('input', { name: 'postedBy', type: 'text', required: true, value: draft.postedBy || '', autocomplete: 'off' });
  const quote = el('textarea', { name: 'quote', rows: 5 }); quote.value = draft.quote || '';
  const children = el('input', { name: 'namedChildren', type: 'text', value: list(draft.namedChildren), autocomplete: 'off' });
  const staff = el('input', { name: 'namedStaff', type: 'text', value: list(draft.namedStaff), autocomplete: 'off' });
  const reporterName = el('input', { name: 'reporterName', type: 'text', value: draft.reporter?.name || '', autocomplete: 'off' });
  const reporterEmail = el('input', { name: 'reporterEmail', type: 'email', value: draft.reporter?.email || '', autocomplete: 'off' });
  const sentAt = el('input', { name: 'sentAt', type: 'datetime-local', value: toLocalInput(draft.sentAt) });
  const notes = el('textarea', { name: 'notes', rows: 3 });
  const risk = el('input', { type: 'checkbox', name: 'childAtRisk', id: 'child-at-risk' });
  const chosen = new Set(draft.conduct || []);
  const conduct = el('fieldset', { class: 'conduct', 'aria-describedby': 'conduct-error' }, el('legend', {}, 'What the post did (tick all that apply)'),
    options.conduct.map(k => el('div', { class: 'check' },
      el('input', { type: 'checkbox', name: 'conduct', value: k.id, id: 'conduct-' + k.id, checked: chosen.has(k.id) }),
      el('label', { for: 'conduct-' + k.id }, k.label, el('span', { class: 'hint' }, ` “${k.quote}”`)))),
    el('span', { class: 'field-error', id: 'conduct-error', hidden: true }));
  const form = el('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'form-title' },
    el('h2', { id: 'form-title', tabindex: '-1' }, `Check the concern from ${fileName}`),
    (draft.warnings || []).map(w => el('p', { class: 'banner warning' }, w)),
    field('Class or year group', group, source('group')),
    field('Parent who posted', postedBy, source('postedBy')),
    field('What they posted (their words)', quote, source('quote')),
    conduct,
    field('Children named', children, 'Separate names with commas.'),
    field('Staff named', staff, 'Separate names with commas.'),
    field('Reported by (name)', reporterName, source('reporter')),
    field('Reported by (email)', reporterEmail),
    field('When the email was sent', sentAt, source('sentAt')),
    field('Notes for SLT', notes, 'Optional.'),
    el('div', { class: 'check' }, risk, el('label', { for: 'child-at-risk' }, 'A child may be at risk (safeguarding)')),
    (draft.attachments || []).length > 0 && el('p', { class: 'hint' }, 'Attachments kept with the concern: ' + draft.attachments.map(a => a.name).join(', ')),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Log the concern'), el('button', { type: 'button', class: 'secondary', onclick: renderDrop }, 'Start again')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const split = v => v.split(',').map(s => s.trim()).filter(Boolean);
    const body = {
      draftId: draft.draftId || draft.id || null, group: group.value, postedBy: postedBy.value, quote: quote.value,
      conduct: [...form.querySelectorAll('input[name=conduct]:checked')].map(c => c.value),
      namedChildren: split(children.value), namedStaff: split(staff.value), reporterName: reporterName.value, reporterEmail: reporterEmail.value,
      sentAt: sentAt.value ? new Date(sentAt.value).toISOString() : null, notes: notes.value, childAtRisk: risk.checked,
    };
    const response = await api('/api/concerns', { method: 'POST', json: body });
    if (response.status === 201) {
      const created = await response.json();
      fill($('#draft'), el('section', { class: 'panel', id: 'logged' }, el('h2', { tabindex: '-1' }, `Logged as concern ${created.id}`),
        el('p', {}, 'SLT have been told. ', el('a', { href: `/tab/concerns/${created.id}` }, `Open concern ${created.id}`))));
      $('#drop-zone').hidden = true;
      $('#logged h2').focus();
      return;
    }
    const p = await problem(response);
    if (response.status === 409 && p.body.existingId) {
      say(`This email was already logged as concern ${p.body.existingId}.`, 'error');
      $('#draft').prepend(el('p', { class: 'banner warning' }, 'Already logged: ', el('a', { href: `/tab/concerns/${p.body.existingId}` }, `open concern ${p.body.existingId}`)));
      return;
    }
    if (response.status === 400) { showFieldErrors(form, p.errors); say('Please check the marked fields.', 'error'); return; }
    say(p.title, 'error');
  });
  fill($('#draft'), form);
  form.querySelector('h2').focus();
}
