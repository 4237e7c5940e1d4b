import { el, fill, $, say, api, problem, field, showFieldErrors } from '/tab/assets/app.js';

// The concern form, prefilled from a draft of POST /api/email-drafts, and its submission to POST /api/concerns.
// Shared by the tab's "Log from an email file" page and the Outlook task pane, so both log a concern the same way.

/** The school's groups and the policy's kinds of conduct, for the form's choices. */
export async function loadFormOptions() {
  const response = await api('/api/tab/form-options');
  return response.ok ? await response.json() : { groups: [], conduct: [] };
}

/** The case page of a concern (absolute, so it also works from a pane on another origin's frame). */
export function caseLink(id) {
  return new URL(`/tab/concerns/${id}`, location.origin).toString();
}

/** "Already logged" with the case's state (when the draft says so) and a link to it. */
export function alreadyLogged(existing) {
  return el('section', { class: 'panel', id: 'already-logged', 'aria-labelledby': 'already-title' },
    el('h2', { id: 'already-title', tabindex: '-1' }, `Already logged as concern ${existing.id}`),
    existing.stateLabel && el('p', {}, 'Where it is now: ', el('strong', {}, existing.stateLabel)),
    el('p', {}, el('a', { href: caseLink(existing.id), target: '_blank', rel: 'noopener' }, `Open concern ${existing.id}`)));
}

function list(values) { return (values || []).join(', '); }
function toLocalInput(value) {
  if (!value) return '';
  const d = new Date(value);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

/**
 * Renders the prefilled form into target and logs the concern on submit.
 * settings: { title, startAgain: () => void (optional), onLogged: (created) => void }
 */
export function renderConcernForm(target, draft, options, settings) {
  const source = name => draft.sources?.[name] ? `From the email: ${draft.sources[name]}` : null;
  const groups = options.groups.includes(draft.group) || !draft.group ? options.groups : [draft.group, ...options.groups];
  const group = el('select', { name: 'group', required: true }, el('option', { value: '' }, 'Choose the group'), groups.map(g => el('option', { value: g, selected: g === draft.group }, g)));
  const postedBy = el('input', { name: 'postedBy', type: 'text', required: true, value: draft.postedBy || '', autocomplete: 'off' });
  const postedByEmail = el('input', { name: 'postedByEmail', type: 'email', value: '', autocomplete: 'off' });
  // "Which parent is this?": filled in when the server offers parents on record (SLT only), emptied when the name changes.
  const parentChoice = el('div', { id: 'parent-choice' });
  postedBy.addEventListener('input', () => fill(parentChoice));
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
    el('h2', { id: 'form-title', tabindex: '-1' }, settings.title),
    (draft.warnings || []).map(w => el('p', { class: 'banner warning' }, w)),
    field('Class or year group', group, source('group')),
    field('Parent who posted', postedBy, source('postedBy')),
    parentChoice,
    field('Their email address, if you know it', postedByEmail, 'Optional. It helps find the parent\'s record.'),
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
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Log the concern'),
      settings.startAgain && el('button', { type: 'button', class: 'secondary', onclick: settings.startAgain }, 'Start again')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const split = v => v.split(',').map(s => s.trim()).filter(Boolean);
    const body = {
      draftId: draft.draftId || draft.id || null, group: group.value, postedBy: postedBy.value, quote: quote.value,
      conduct: [...form.querySelectorAll('input[name=conduct]:checked')].map(c => c.value),
      namedChildren: split(children.value), namedStaff: split(staff.value), reporterName: reporterName.value, reporterEmail: reporterEmail.value,
      sentAt: sentAt.value ? new Date(sentAt.value).toISOString() : null, notes: notes.value, childAtRisk: risk.checked,
      postedByEmail: postedByEmail.value || null, parentId: form.querySelector('input[name=parentId]:checked')?.value || null,
    };
    const response = await api('/api/concerns', { method: 'POST', json: body });
    if (response.status === 201) {
      const created = await response.json();
      say('');
      fill(target, el('section', { class: 'panel', id: 'logged' }, el('h2', { tabindex: '-1' }, `Logged as concern ${created.id}`),
        el('p', {}, 'SLT have been told. ', el('a', { href: caseLink(created.id), target: settings.newWindow ? '_blank' : null, rel: settings.newWindow ? 'noopener' : null }, `Open concern ${created.id}`))));
      settings.onLogged?.(created);
      $('#logged h2').focus();
      return;
    }
    const p = await problem(response);
    // 409: the same email (Message-ID or content) was logged already, from Teams, the tab or Outlook; the body names it.
    if (response.status === 409 && p.body.id) {
      say(`This email was already logged as concern ${p.body.id}.`, 'error');
      fill(target, alreadyLogged({ id: p.body.id }));
      $('#already-title').focus();
      return;
    }
    if (response.status === 400 && p.body.parents) renderParentChoice(parentChoice, p.body.parents, (p.errors.parentId || []).join(' '));
    if (response.status === 400) { showFieldErrors(form, p.errors); say('Please check the marked fields.', 'error'); return; }
    say(p.title, 'error');
  });
  fill(target, form);
  form.querySelector('h2').focus();
}

/** The parents on record the typed name may be, as radio buttons, and "someone else". */
function renderParentChoice(target, parents, message) {
  const option = (value, label, hint, checked) => el('div', { class: 'check' },
    el('input', { type: 'radio', name: 'parentId', value: String(value), id: 'parent-' + value, checked }),
    el('label', { for: 'parent-' + value }, label, hint && el('span', { class: 'hint' }, ' ' + hint)));
  fill(target, el('fieldset', { class: 'parent-choice', 'aria-describedby': 'parent-choice-message' },
    el('legend', {}, 'Which parent is this?'),
    el('p', { id: 'parent-choice-message', class: 'field-error' }, message || 'These parents are on record already.'),
    parents.map(p => option(p.id, p.name + (p.groups.length ? ` (${p.groups.join(', ')})` : ''),
      [p.reason, p.otherNames.length ? 'also written ' + p.otherNames.join(', ') : ''].filter(Boolean).join('; '), false)),
    option('new', 'Someone else: a new parent record', null, false)));
}
