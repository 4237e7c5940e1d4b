// The case's site ban: where it stands and until when, every step with its letter, and the next step for whoever the
// access rule lets take it (SLT record the parent's reply with their file; the decider confirms or lifts). Loaded after
// the case page has signed in (importing case.js waits for it).
import { el, fill, $, say, api, problem, field, download, formatDate, formatDateTime } from '/tab/assets/app.js';
import '/tab/assets/case.js';

const id = Number(location.pathname.split('/').pop());
const box = $('#site-ban');
await load();

async function load() {
  const response = await api(`/api/tab/concerns/${id}/site-ban`);
  if (!response.ok) { box.hidden = true; return; }
  render(await response.json());
}

async function send(path, options, b) {
  b.disabled = true;
  try {
    const response = await api(path, { method: 'POST', ...options });
    if (!response.ok) { say((await problem(response)).title, 'error'); return; }
    // The actions endpoint answers a refused step as a note with problem set (as the card does).
    const result = await response.json();
    say(result.note || 'Done.', result.problem ? 'error' : 'success');
    await load();
  } finally {
    b.disabled = false;
  }
}

function render(ban) {
  box.hidden = false;
  const steps = el('ol', { class: 'steps' }, ban.steps.map(s => el('li', {},
    el('strong', {}, s.step), ' – ', formatDateTime(s.at), s.by ? ` (${s.by})` : '',
    s.reviewOn && el('div', {}, `Review on ${formatDate(s.reviewOn)}`),
    s.until && el('div', {}, `Banned until ${formatDate(s.until)}`),
    s.text && el('blockquote', {}, s.text),
    s.evidenceId && el('div', {}, el('a', { href: '#', onclick: e => { e.preventDefault(); download(`/api/tab/concerns/${id}/evidence/${s.evidenceId}`, 'representation'); } }, 'The parent\'s file')),
    s.letterDetail && el('div', { class: 'muted' }, `Letter: ${s.letterDetail}`),
    // The same "Try sending again" as a response letter's: it looks in Sent Items first, so it never goes twice.
    s.letterStatus === 'Failed' && ban.canRetryLetter && el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'secondary', 'data-step': String(s.id), onclick: e => send(`/api/tab/concerns/${id}/actions`, { json: { verb: 'retrySiteBanLetter', data: { version: ban.version, siteBanStepId: s.id } } }, e.currentTarget) }, 'Try sending again')),
    s.letter && el('details', {}, el('summary', {}, 'The letter'), el('pre', { class: 'letter' }, s.letter)))));

  const parts = [
    el('h2', {}, 'Site ban'),
    el('p', {}, el('strong', {}, ban.stateLabel), '. ', ban.until, '.'),
    el('p', { class: 'muted' }, `Scope: ${ban.scope}.`),
    steps,
  ];

  if (ban.canRecordRepresentation) {
    const text = el('textarea', { name: 'text', rows: 4, maxlength: 10000, required: true });
    const file = el('input', { type: 'file', name: 'file' });
    const button = el('button', { type: 'submit', class: 'primary' }, 'Record the representation');
    parts.push(el('form', { 'aria-label': 'Record a representation', id: 'representation', onsubmit: e => {
      e.preventDefault();
      const body = new FormData();
      body.append('text', text.value);
      if (file.files[0]) body.append('file', file.files[0]);
      send(`/api/tab/concerns/${id}/site-ban/representations`, { body }, button);
    } },
      el('h3', {}, 'Record the parent\'s reply'),
      field('What the parent said (a summary is enough if you attach their letter)', text),
      field('Their letter or email, if they sent one (10 MB at most)', file),
      el('div', { class: 'actions' }, button)));
  }

  if (ban.canConfirm || ban.canLift) {
    const reasons = el('textarea', { name: 'reasons', rows: 4, maxlength: 2000, required: true });
    const reviewOn = el('input', { type: 'date', name: 'reviewOn', id: 'site-ban-review-on' });
    const until = el('input', { type: 'date', name: 'until', id: 'site-ban-until' });
    const buttons = [];
    const review = (decision, b) => send(`/api/tab/concerns/${id}/site-ban/review`, { json: { decision, reasons: reasons.value, reviewOn: reviewOn.value || null, until: until.value || null } }, b);
    if (ban.canConfirm) buttons.push(el('button', { type: 'button', class: 'primary', onclick: e => review('confirm', e.currentTarget) }, 'Confirm the ban'));
    if (ban.canLift) buttons.push(el('button', { type: 'button', class: 'secondary', onclick: e => review('lift', e.currentTarget) }, 'Lift the ban'));
    parts.push(el('form', { 'aria-label': 'Review the ban', id: 'review', onsubmit: e => e.preventDefault() },
      el('h3', {}, 'Review the ban'),
      field('Your reasons (the parent is told them in the letter, signed by you)', reasons),
      ban.canConfirm && field('If you confirm it, the date it will be reviewed', reviewOn),
      ban.canConfirm && field('Last day of the ban, for a confirmation (on or after the review; the letter tells the parent)', until),
      el('div', { class: 'actions' }, ...buttons)));
  }
  fill(box, ...parts);
}
