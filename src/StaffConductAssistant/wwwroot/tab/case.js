import { el, fill, $, say, start, api, problem, download, field, formatDate, formatDateTime } from '/tab/assets/app.js';
import { legalHold } from '/tab/assets/legal-hold.js';
import { disclosures } from '/tab/assets/disclosure.js';

// Declared before the top-level await below, so render() can use them.
const section = (title, ...content) => el('section', { class: 'panel', 'aria-label': title }, el('h2', {}, title), ...content);
const facts = pairs => el('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
const quote = (text, cite) => el('figure', { class: 'quote' }, el('blockquote', {}, text), cite && el('figcaption', {}, cite));

const id = Number(location.pathname.split('/').pop());
const me = await start();
if (me) await load();

async function load() {
  const response = await api(`/api/tab/concerns/${id}`);
  if (response.status === 404) {
    fill($('main'), el('h1', {}, 'Concern not found'), el('p', {}, 'This concern does not exist, or it is not one you can see. '), el('a', { href: '/tab/concerns' }, 'Back to the concerns'));
    return;
  }
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  render(await response.json());
}

function render(c) {
  document.title = `Concern ${c.id} – Staff Conduct Assistant`;
  fill($('main'), 
    el('p', {}, el('a', { href: '/tab/concerns' }, '← All concerns')),
    el('h1', {}, `Concern ${c.id}: ${c.group}`),
    el('p', { class: 'state' }, el('span', { class: 'badge ' + (c.open ? 'warning' : 'ok') }, c.stateLabel), c.proposal?.overdue && [' ', el('span', { class: 'badge danger' }, 'Decision overdue')]),
    c.safeguarding && el('p', { class: 'banner danger' }, safeguardingLine(c.safeguarding)),
    actionsPanel(c),
    el('div', { id: 'legal-hold' }),
    el('div', { id: 'disclosure' }),
    section('Summary', facts([
      ['Parent who posted', c.postedBy], ['Group', c.group], ['Reported by', [c.reporterName, c.reporterEmail].filter(Boolean).join(', ')],
      ['Email sent', formatDateTime(c.emailSentAt)], ['Logged', `${formatDateTime(c.loggedAt)}${c.loggedByName ? ' by ' + c.loggedByName : ''}`],
      ['Children named', c.namedChildren.join(', ')], ['Staff named', c.namedStaff.join(', ')], ['Notes', c.notes]])),
    section('What was posted', c.quote ? quote(c.quote, `${c.postedBy} in the ${c.group} WhatsApp group`) : el('p', { class: 'muted' }, 'No words were quoted.')),
    c.timeline.length > 0 && section('The WhatsApp chat, as exported',
      el('table', { class: 'table' }, el('thead', {}, el('tr', {}, ['Time', 'Who', 'Message'].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, c.timeline.map(t => el('tr', {}, el('td', {}, t.time || ''), el('td', {}, t.author || ''), el('td', {}, t.text || '')))))),
    section('The email',
      c.email ? [facts([['From', c.email.from], ['Sent', formatDateTime(c.email.date)], ['Subject', c.email.subject]]), el('pre', { class: 'email-body' }, c.email.body)]
        : el('p', { class: 'muted' }, c.emailSubject ? `Subject: ${c.emailSubject}. The original email is not stored.` : 'The original email is not stored with this concern.')),
    section('Evidence', c.evidence.length === 0 ? el('p', { class: 'muted' }, 'No files.') :
      el('ul', { class: 'files' }, c.evidence.map(e => el('li', {}, el('button', { type: 'button', class: 'link', onclick: () => download(`/api/tab/concerns/${c.id}/evidence/${e.id}`, e.fileName) }, `Download ${e.fileName}`), ` (${Math.max(1, Math.round(e.size / 1024))} KB)`)))),
    section('The conduct, in the policy\'s words',
      c.conduct.length === 0 ? el('p', { class: 'muted' }, 'No conduct chosen yet.') : c.conduct.map(k => el('div', { class: 'citation' }, el('h3', {}, k.label), k.quote && quote(k.quote, k.heading ? `Policy, under "${k.heading}"` : null))),
      el('p', {}, el('a', { href: c.policyUrl, target: '_blank', rel: 'noopener' }, 'Read the whole policy'))),
    section('Proposal', !c.proposal ? el('p', { class: 'muted' }, 'SLT have not proposed a response yet.') : [
      facts([['Proposed', formatDateTime(c.proposal.proposedAt)], ['Version', String(c.proposal.version)], ['Why', c.proposal.reason]]),
      c.proposal.responses.map(r => el('div', { class: 'citation' }, el('h3', {}, r.label), r.quote && quote(r.quote, r.heading ? `Policy, under "${r.heading}"` : null))),
      c.proposal.letterText && [el('h3', {}, 'Letter'), el('pre', { class: 'email-body' }, c.proposal.letterText),
        ['Approved', 'ActionsInProgress', 'Closed'].includes(c.state) && el('p', {}, el('button', { type: 'button', class: 'link', onclick: () => printLetter(c.id) }, 'Print the approved letter'))]]),
    section('Decision', !c.decision ? el('p', { class: 'muted' }, 'The Headmistress has not decided yet.') :
      facts([['Decided', formatDateTime(c.decision.decidedAt)], ['By', c.decision.role === 'ActingHeadmistress' ? 'Acting Headmistress' : 'Headmistress'], ['On proposal version', c.decision.proposalVersion ? String(c.decision.proposalVersion) : ''], ['Comment', c.decision.comment]])),
    section('Actions', c.actions.length === 0 ? el('p', { class: 'muted' }, 'No actions yet.') :
      el('ul', {}, c.actions.map(a => el('li', {}, `${a.label}: ${a.status}${a.detail ? ' – ' + a.detail : ''}${a.completedAt ? ' (' + formatDate(a.completedAt) + ')' : ''}`)))),
    section('Audit trail', c.audit.length === 0 ? el('p', { class: 'muted' }, 'Nothing recorded yet.') :
      el('table', { class: 'table' }, el('thead', {}, el('tr', {}, ['When', 'Who', 'What', 'Reason'].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, c.audit.map(a => el('tr', {}, el('td', {}, formatDateTime(a.at)), el('td', {}, ({ Slt: 'SLT', Headmistress: 'Headmistress', ActingHeadmistress: 'Acting Headmistress', Dsl: 'DSL', System: 'The app', None: 'Refused' })[a.actorRole] || a.actorRole), el('td', {}, [a.action, a.fromState && a.toState ? ` (${a.fromState} → ${a.toState})` : ''].join('')), el('td', {}, a.reason || '')))))),
    section(`Other concerns about ${c.postedBy}`, c.parentHistory.length === 0 ? el('p', { class: 'muted' }, 'None that you can see.') :
      el('ul', {}, c.parentHistory.map(h => el('li', {}, el('a', { href: `/tab/concerns/${h.id}` }, `Concern ${h.id}`), ` – ${h.group}, ${formatDate(h.loggedAt)}, ${h.stateLabel}`))),
      c.parentId && el('p', {}, el('a', { href: `/tab/parents/${c.parentId}`, id: 'parent-record' }, 'The parent\'s record and chronology, across all groups'))));
  legalHold(c.id, $('#legal-hold'));
  disclosures(c.id, $('#disclosure'));
}

function safeguardingLine(s) {
  if (s.handledAt) return `Safeguarding: the DSL recorded on ${formatDateTime(s.handledAt)} that this is handled under the safeguarding procedures${s.note ? ': ' + s.note : '.'}`;
  if (s.dslToldAt) return `Safeguarding: a child may be at risk. The Designated Safeguarding Lead was sent this concern on ${formatDateTime(s.dslToldAt)}.`;
  if (s.deliveryProblem) return 'Safeguarding: ' + s.deliveryProblem;
  return s.applies ? 'Safeguarding: a child may be at risk. The Designated Safeguarding Lead is being told.' : 'A child is named: consider the school\'s safeguarding procedure.';
}

/** What this person may do, from the server's access rule (c.allowed): the same commands as the card's buttons. */
function actionsPanel(c) {
  const can = op => c.allowed.includes(op);
  const parts = [];
  const base = { version: c.version, proposalVersion: c.proposalVersion };

  async function act(verb, data, button) {
    button.disabled = true;
    try {
      const response = await api(`/api/tab/concerns/${c.id}/actions`, { method: 'POST', json: { verb, data: { ...base, ...data } } });
      if (!response.ok) { say((await problem(response)).title, 'error'); return; }
      const result = await response.json();
      const reloaded = await api(`/api/tab/concerns/${c.id}`);
      if (reloaded.ok) render(await reloaded.json());
      say(result.note || 'Done.', result.problem ? 'error' : 'success');
    } finally {
      button.disabled = false;
    }
  }

  const button = (label, onclick, cls = 'primary') => el('button', { type: 'button', class: cls, onclick: e => onclick(e.currentTarget) }, label);

  if (can('Propose')) {
    const responses = c.responses.map(r => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'responses', value: r.id }), ' ', r.label));
    const reason = el('textarea', { name: 'reason', rows: 3, maxlength: 2000 });
    const letter = el('select', { name: 'letterTemplate' }, c.letters.map(l => el('option', { value: l.id }, l.title)), el('option', { value: 'none', selected: true }, 'No letter'));
    const letterText = el('textarea', { name: 'letterText', rows: 6, maxlength: 6000 });
    const recipient = el('input', { type: 'email', name: 'letterRecipient', maxlength: 254, autocomplete: 'off' });
    parts.push(el('form', { class: 'panel', 'aria-label': 'Propose a response', onsubmit: e => e.preventDefault() },
      el('h3', {}, 'Propose a response to the Headmistress'),
      el('fieldset', {}, el('legend', {}, 'The policy\'s responses (choose one or more)'), responses),
      field('Why this response? (the Headmistress reads this)', reason),
      field('Letter', letter), field('The letter\'s text', letterText), field('Parent\'s email address for the letter (optional)', recipient),
      el('div', { class: 'actions' }, button('Propose to the Headmistress', b => act('propose', {
        responses: responses.map(l => l.querySelector('input')).filter(i => i.checked).map(i => i.value).join(','),
        reason: reason.value, letterTemplate: letter.value, letterText: letterText.value, letterRecipient: recipient.value,
      }, b)))));
  } else if (can('StartReview')) {
    parts.push(el('div', { class: 'actions' }, button('Start the review', b => act('startReview', {}, b))));
  }

  if (can('Approve')) {
    const comment = el('textarea', { name: 'comment', rows: 3, maxlength: 2000 });
    const letterText = c.proposal?.letterText ? el('textarea', { name: 'letterText', rows: 8, maxlength: 6000 }, c.proposal.letterText) : null;
    parts.push(el('form', { class: 'panel', 'aria-label': 'Your decision', onsubmit: e => e.preventDefault() },
      el('h3', {}, 'Your decision'),
      letterText && field('The letter (what you approve is what is sent)', letterText),
      field('Comment (needed to reject or to ask for changes)', comment),
      el('div', { class: 'actions' },
        button('Approve', b => act('approve', { comment: comment.value, letterText: letterText?.value }, b)),
        button('Ask for changes', b => act('requestChanges', { comment: comment.value }, b), 'secondary'),
        button('Reject', b => act('reject', { comment: comment.value }, b), 'secondary'))));
  }

  if (can('CompleteAction')) {
    for (const a of c.actions.filter(a => a.status === 'Pending' || a.status === 'Failed')) {
      parts.push(el('div', { class: 'actions' }, el('span', {}, `${a.label}: ${a.status === 'Failed' ? 'failed' : 'to do'}`), ' ',
        button('Mark done', b => act('completeAction', { actionId: a.id }, b), 'secondary'),
        a.status === 'Failed' && can('RetryLetter') && button('Try sending again', b => act('retryLetter', { actionId: a.id }, b), 'secondary')));
    }
  }

  if (can('RecordSafeguarding') && !c.safeguarding?.handledAt) {
    const note = el('textarea', { name: 'safeguardingNote', rows: 3, maxlength: 2000 });
    parts.push(el('form', { class: 'panel', 'aria-label': 'Safeguarding', onsubmit: e => e.preventDefault() },
      el('h3', {}, 'Safeguarding'), field('Note for the record', note),
      el('div', { class: 'actions' }, button('Record: handled under safeguarding procedures', b => act('recordSafeguarding', { safeguardingNote: note.value }, b)))));
  }

  if (can('Withdraw')) {
    const reason = el('textarea', { name: 'withdrawReason', rows: 2, maxlength: 2000 });
    parts.push(el('form', { class: 'panel', 'aria-label': 'Withdraw the case', onsubmit: e => e.preventDefault() },
      field('Why withdraw the case?', reason),
      el('div', { class: 'actions' }, button('Withdraw the case', b => act('withdraw', { reason: reason.value }, b), 'secondary'))));
  }

  const unshared = c.namedPeople.filter(p => !p.shared);
  if (can('Share') && unshared.length > 0) {
    const who = el('select', { name: 'shareWith' }, unshared.map(p => el('option', { value: p.userId }, p.name || p.userId)));
    const reason = el('textarea', { name: 'shareReason', rows: 2, maxlength: 2000 });
    parts.push(el('form', { class: 'panel', 'aria-label': 'Share with a named member of staff', onsubmit: e => e.preventDefault() },
      el('h3', {}, 'Share with a member of staff it names'),
      el('p', { class: 'muted' }, 'Staff named in a concern cannot see it unless you share it. They can read it, never act on it. Sharing is recorded.'),
      field('Who', who), field('Why', reason),
      el('div', { class: 'actions' }, button('Share to read', async b => {
        b.disabled = true;
        const response = await api(`/api/tab/concerns/${c.id}/share`, { method: 'POST', json: { userId: who.value, reason: reason.value } });
        b.disabled = false;
        if (!response.ok) { say((await problem(response)).title, 'error'); return; }
        const reloaded = await api(`/api/tab/concerns/${c.id}`);
        if (reloaded.ok) render(await reloaded.json());
        say('Shared to read.', 'success');
      }, 'secondary'))));
  }

  return parts.length === 0 ? null : el('section', { class: 'panel', 'aria-label': 'What you can do' }, el('h2', {}, 'What you can do'), parts);
}

// The approved letter as its own page (signed by whoever decided), opened for the browser's print dialog.
async function printLetter(id) {
  const response = await api(`/api/tab/concerns/${id}/letter`);
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/html' }));
  const page = window.open(url, '_blank');
  if (!page) { say('Your browser blocked the letter\'s page. Allow pop-ups for this site and try again.', 'error'); }
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
