import { el, fill, $, say, start, api, problem, download, formatDate, formatDateTime } from '/tab/assets/app.js';

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
    c.childAtRisk && el('p', { class: 'banner danger' }, 'A child may be at risk: follow the safeguarding procedure and tell the DSL.'),
    section('Summary', facts([
      ['Parent who posted', c.postedBy], ['Group', c.group], ['Reported by', [c.reporterName, c.reporterEmail].filter(Boolean).join(', ')],
      ['Email sent', formatDateTime(c.emailSentAt)], ['Logged', `${formatDateTime(c.loggedAt)}${c.loggedByName ? ' by ' + c.loggedByName : ''}`],
      ['Children named', c.namedChildren.join(', ')], ['Staff named', c.namedStaff.join(', ')], ['Notes', c.notes]])),
    section('What was posted', c.quote ? quote(c.quote, `${c.postedBy} in the ${c.group} WhatsApp group`) : el('p', { class: 'muted' }, 'No words were quoted.')),
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
      c.proposal.letterText && [el('h3', {}, 'Letter'), el('pre', { class: 'email-body' }, c.proposal.letterText)]]),
    section('Decision', !c.decision ? el('p', { class: 'muted' }, 'The Headmistress has not decided yet.') :
      facts([['Decided', formatDateTime(c.decision.decidedAt)], ['By', c.decision.role === 'ActingHeadmistress' ? 'Acting Headmistress' : 'Headmistress'], ['On proposal version', c.decision.proposalVersion ? String(c.decision.proposalVersion) : ''], ['Comment', c.decision.comment]])),
    section('Actions', c.actions.length === 0 ? el('p', { class: 'muted' }, 'No actions yet.') :
      el('ul', {}, c.actions.map(a => el('li', {}, `${a.label}: ${a.status}${a.detail ? ' – ' + a.detail : ''}${a.completedAt ? ' (' + formatDate(a.completedAt) + ')' : ''}`)))),
    section('Audit trail', c.audit.length === 0 ? el('p', { class: 'muted' }, 'Nothing recorded yet.') :
      el('table', { class: 'table' }, el('thead', {}, el('tr', {}, ['When', 'Who', 'What', 'Reason'].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, c.audit.map(a => el('tr', {}, el('td', {}, formatDateTime(a.at)), el('td', {}, ({ Slt: 'SLT', Headmistress: 'Headmistress', ActingHeadmistress: 'Acting Headmistress' })[a.actorRole] || a.actorRole), el('td', {}, [a.action, a.fromState && a.toState ? ` (${a.fromState} → ${a.toState})` : ''].join('')), el('td', {}, a.reason || '')))))),
    section(`Other concerns about ${c.postedBy}`, c.parentHistory.length === 0 ? el('p', { class: 'muted' }, 'None that you can see.') :
      el('ul', {}, c.parentHistory.map(h => el('li', {}, el('a', { href: `/tab/concerns/${h.id}` }, `Concern ${h.id}`), ` – ${h.group}, ${formatDate(h.loggedAt)}, ${h.stateLabel}`)))));
}
