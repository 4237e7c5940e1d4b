import { el, fill, $, say, start, api, problem, download, field, showFieldErrors, formatDate, formatDateTime } from '/tab/assets/app.js';

let me;
let roster;

const FIELD_LABELS = { group: 'Group', parentName: 'Parent', contact: 'Contact', notifiedOn: 'School told', acknowledgedCodeOfConduct: 'Code of conduct' };

async function load() {
  const response = await api('/api/tab/roster');
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  roster = await response.json();
  render();
}

function statusBadge(status) {
  if (status === 'none') return el('span', { class: 'badge danger' }, 'No moderator notified');
  if (status === 'unacknowledged') return el('span', { class: 'badge warning' }, 'Code of conduct not acknowledged');
  return el('span', { class: 'badge ok' }, 'Moderator notified');
}

function render() {
  const missing = roster.groupsWithoutModerator;
  const main = $('main');
  fill(main, 
    el('h1', {}, 'Moderator roster'),
    el('p', { class: 'lead' }, 'The policy asks every class WhatsApp group to have a parent moderator, and that "the name of the administrator/moderator is notified to the school".'),
    missing > 0
      ? el('p', { class: 'banner danger', id: 'missing-summary' }, missing === 1 ? '1 group has no moderator the school knows of. It is listed first.' : `${missing} groups have no moderator the school knows of. They are listed first.`)
      : el('p', { class: 'banner ok', id: 'missing-summary' }, 'Every group has a moderator the school knows of.'),
    el('div', { class: 'toolbar' },
      el('button', { type: 'button', class: 'secondary', onclick: () => download('/api/tab/roster.csv', 'moderator-roster.csv') }, 'Download as CSV'),
      roster.canEdit && el('input', { type: 'file', id: 'import-file', accept: '.csv,text/csv', class: 'visually-hidden', onchange: e => previewImport(e.target) }),
      roster.canEdit && el('label', { class: 'button secondary', for: 'import-file' }, 'Import a CSV file…')),
    !roster.canEdit && el('p', { class: 'note', id: 'read-only' }, 'You can see the roster. Only SLT can change it: please tell a member of SLT if something is wrong.'),
    el('section', { id: 'import-preview', hidden: true, 'aria-labelledby': 'import-heading' }),
    el('ul', { class: 'groups', 'aria-label': 'Groups' }, roster.rows.map(renderGroup)),
    roster.canEdit && el('details', { class: 'history', ontoggle: e => e.target.open && loadChanges() },
      el('summary', {}, 'Change history'),
      el('div', { id: 'changes' }, 'Loading…')));
}

function renderGroup(group) {
  return el('li', { class: 'group card ' + group.status, 'data-group': group.name },
    el('div', { class: 'card-head' }, el('h2', {}, group.name), statusBadge(group.status)),
    group.moderators.length === 0
      ? el('p', { class: 'muted' }, 'The school has not been told who moderates this group.')
      : el('ul', { class: 'moderators' }, group.moderators.map(m => el('li', { class: 'moderator' },
          el('p', { class: 'name' }, m.parentName),
          el('dl', { class: 'facts' },
            el('dt', {}, 'Contact'), el('dd', {}, m.contact || 'Not given'),
            el('dt', {}, 'School told'), el('dd', {}, m.notifiedOn ? formatDate(m.notifiedOn) : 'Date not recorded'),
            el('dt', {}, 'Code of conduct'), el('dd', {}, m.acknowledgedCodeOfConduct ? 'Acknowledged' : 'Not yet acknowledged')),
          roster.canEdit && el('div', { class: 'actions' },
            el('button', { type: 'button', class: 'secondary', onclick: () => openEditor(group.name, m), 'aria-label': `Edit ${m.parentName}, ${group.name}` }, 'Edit'),
            el('button', { type: 'button', class: 'secondary danger', onclick: () => confirmRetire(group.name, m), 'aria-label': `Retire ${m.parentName}, ${group.name}` }, 'Retire'))))),
    roster.canEdit && el('button', { type: 'button', class: group.status === 'none' ? 'primary' : 'secondary', onclick: () => openEditor(group.name, null), 'aria-label': `Add moderator for ${group.name}` }, 'Add moderator'));
}

function openEditor(groupName, moderator) {
  const dialog = el('dialog', { class: 'dialog', 'aria-labelledby': 'editor-title' });
  const groupSelect = el('select', { name: 'group', required: true }, roster.groups.map(g => el('option', { value: g, selected: g === groupName }, g)));
  const name = el('input', { name: 'parentName', type: 'text', required: true, maxlength: 120, autocomplete: 'off', value: moderator?.parentName || '' });
  const contact = el('input', { name: 'contact', type: 'text', maxlength: 200, autocomplete: 'off', value: moderator?.contact || '' });
  const told = el('input', { name: 'notifiedOn', type: 'date', value: moderator?.notifiedOn || (moderator ? '' : new Date().toISOString().slice(0, 10)) });
  const ack = el('input', { name: 'acknowledgedCodeOfConduct', type: 'checkbox', id: 'ack', checked: !!moderator?.acknowledgedCodeOfConduct });
  const form = el('form', { method: 'dialog', novalidate: true },
    el('h2', { id: 'editor-title' }, moderator ? `Edit ${moderator.parentName}` : `Add a moderator for ${groupName}`),
    field('Class or year group', groupSelect),
    field("Parent's name", name),
    field('Contact (phone or email)', contact, 'Optional. Only staff can see this.'),
    field('Date the school was told', told),
    el('div', { class: 'check' }, ack, el('label', { for: 'ack' }, 'They have acknowledged the code of conduct')),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary' }, moderator ? 'Save changes' : 'Add moderator'),
      el('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = { group: groupSelect.value, parentName: name.value, contact: contact.value, notifiedOn: told.value || null, acknowledgedCodeOfConduct: ack.checked, version: moderator?.version };
    const response = await api(moderator ? `/api/tab/roster/moderators/${moderator.id}` : '/api/tab/roster/moderators', { method: moderator ? 'PUT' : 'POST', json: body });
    if (response.ok) {
      dialog.close();
      say(moderator ? `Saved the changes to ${body.parentName}.` : `Added ${body.parentName} as moderator of ${body.group}.`, 'success');
      await load();
      return;
    }
    const p = await problem(response);
    if (response.status === 400) { showFieldErrors(form, p.errors); return; }
    dialog.close();
    say([p.title, p.detail].filter(Boolean).join('. '), 'error');
    await load();
  });
  dialog.append(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  name.focus();
}

function confirmRetire(groupName, moderator) {
  const dialog = el('dialog', { class: 'dialog', 'aria-labelledby': 'retire-title' });
  dialog.append(
    el('h2', { id: 'retire-title' }, `Retire ${moderator.parentName}?`),
    el('p', {}, `${moderator.parentName} will no longer be listed as a moderator of ${groupName}. The change is kept in the history.`),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'primary danger', onclick: async () => {
        const response = await api(`/api/tab/roster/moderators/${moderator.id}/retire`, { method: 'POST', json: { version: moderator.version } });
        dialog.close();
        if (response.ok) say(`${moderator.parentName} is no longer a moderator of ${groupName}.`, 'success');
        else { const p = await problem(response); say([p.title, p.detail].filter(Boolean).join('. '), 'error'); }
        await load();
      } }, 'Retire'),
      el('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Keep')));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

function describe(m) {
  if (!m) return '';
  return [m.group, m.parentName, m.contact || 'no contact', m.notifiedOn ? 'told ' + formatDate(m.notifiedOn) : 'date not recorded', m.acknowledgedCodeOfConduct ? 'code acknowledged' : 'code not acknowledged'].join(' · ');
}

async function previewImport(input) {
  const file = input.files[0];
  input.value = '';
  if (!file) return;
  const text = await file.text();
  const response = await api('/api/tab/roster/import/preview', { method: 'POST', body: text, headers: { 'Content-Type': 'text/csv' } });
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  const preview = await response.json();
  const section = $('#import-preview');
  const words = { add: 'Add', update: 'Change', unchanged: 'No change', error: 'Problem' };
  section.hidden = false;
  section.className = 'panel';
  fill(section, 
    el('h2', { id: 'import-heading', tabindex: '-1' }, `Check the changes in ${file.name}`),
    el('p', {}, 'Nothing has changed yet. ',
      `${preview.adds} to add, ${preview.updates} to change, ${preview.unchanged} unchanged` + (preview.problems ? `, ${preview.problems} with a problem.` : '.'),
      ' Moderators who are not in the file stay as they are.'),
    preview.fileProblems.map(p => el('p', { class: 'banner danger' }, p)),
    preview.changes.length > 0 && el('table', { class: 'table' },
      el('caption', { class: 'visually-hidden' }, 'Changes the import would make'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Line'), el('th', { scope: 'col' }, 'What happens'), el('th', { scope: 'col' }, 'Now'), el('th', { scope: 'col' }, 'After the import'))),
      el('tbody', {}, preview.changes.map(c => el('tr', { class: 'change ' + c.action },
        el('td', {}, String(c.row)),
        el('td', {}, el('span', { class: 'badge ' + ({ add: 'ok', update: 'warning', error: 'danger' }[c.action] || '') }, words[c.action])),
        el('td', {}, c.before ? describe(c.before) : '—'),
        el('td', {}, c.action === 'error' ? c.problems.join(' ') : describe(c.after),
          c.changed.length > 0 && el('span', { class: 'hint' }, ' Changes: ' + c.changed.map(f => FIELD_LABELS[f]).join(', ')))))) ),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'primary', disabled: !preview.canApply, onclick: () => applyImport(text, preview.token) },
        preview.canApply
          ? `Import ${preview.adds + preview.updates} change${preview.adds + preview.updates === 1 ? '' : 's'}` + (preview.problems ? ` (leave out ${preview.problems} line${preview.problems === 1 ? '' : 's'} with a problem)` : '')
          : 'Nothing to import'),
      el('button', { type: 'button', class: 'secondary', onclick: () => { section.hidden = true; say('Import cancelled. Nothing was changed.'); } }, 'Cancel')));
  section.querySelector('h2').focus();
}

async function applyImport(text, token) {
  const response = await api('/api/tab/roster/import?token=' + encodeURIComponent(token), { method: 'POST', body: text, headers: { 'Content-Type': 'text/csv' } });
  if (!response.ok) {
    const p = await problem(response);
    say([p.title, p.detail].filter(Boolean).join('. '), 'error');
    await load();
    return;
  }
  const result = await response.json();
  const skipped = result.skipped || [];
  await load();
  say(`Imported: ${result.added} added, ${result.updated} changed.` + (skipped.length ? ` ${skipped.length} line${skipped.length === 1 ? ' was' : 's were'} not imported.` : ''), 'success');
  const section = $('#import-preview');
  if (skipped.length === 0) { section.hidden = true; return; }
  // The lines left out stay in view with what is wrong with each, so they can be fixed and imported again.
  section.hidden = false;
  section.className = 'panel';
  fill(section,
    el('h2', { id: 'import-heading', tabindex: '-1' }, 'Lines not imported'),
    el('p', {}, 'Fix these lines in the file and import it again; the lines already imported will show as unchanged.'),
    el('ul', { class: 'skipped' }, skipped.map(r => el('li', {}, el('strong', {}, `Line ${r.row}: `), r.problems.join(' ')))));
}

async function loadChanges() {
  const target = $('#changes');
  const response = await api('/api/tab/roster/changes');
  if (!response.ok) { target.textContent = 'The history could not be loaded.'; return; }
  const changes = await response.json();
  const actions = { 'roster.add': 'Added', 'roster.edit': 'Changed', 'roster.retire': 'Retired', 'roster.import.add': 'Added (import)', 'roster.import.edit': 'Changed (import)' };
  fill(target, changes.length === 0 ? el('p', {}, 'No changes yet.') : el('table', { class: 'table' },
    el('thead', {}, el('tr', {}, ['When', 'Who', 'What', 'Before', 'After'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, changes.map(c => el('tr', {},
      el('td', {}, formatDateTime(c.at)),
      el('td', {}, `${c.actorRole} (${c.actorId.slice(-4)})`),
      el('td', {}, actions[c.action] || c.action),
      el('td', {}, describe(c.before) || '—'),
      el('td', {}, describe(c.after) || '—'))))));
}

me = await start();
if (me) await load();
