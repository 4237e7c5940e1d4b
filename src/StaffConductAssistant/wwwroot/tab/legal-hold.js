import { el, fill, say, api, problem, field, formatDateTime } from '/tab/assets/app.js';

// The case's legal hold (SLT only, with a reason): while it stands the retention schedule leaves the case alone.
export async function legalHold(id, container) {
  const response = await api(`/api/tab/concerns/${id}/legal-hold`);
  if (!response.ok) { fill(container); return; }
  const hold = await response.json();
  const reason = el('textarea', { name: 'holdReason', rows: 2, maxlength: 2000 });
  const change = async b => {
    b.disabled = true;
    const path = hold.held ? `/api/tab/concerns/${id}/legal-hold/release` : `/api/tab/concerns/${id}/legal-hold`;
    const answer = await api(path, { method: 'POST', json: { reason: reason.value } });
    b.disabled = false;
    if (!answer.ok) { say((await problem(answer)).title, 'error'); return; }
    say(hold.held ? 'Legal hold lifted. SLT will be told before anything of this case is deleted.' : 'Legal hold placed: nothing of this case will be deleted while it stands.', 'success');
    await legalHold(id, container);
  };
  fill(container, el('section', { class: 'panel', 'aria-label': 'Legal hold' },
    el('h2', {}, 'Legal hold'),
    el('p', {}, hold.held
      ? `On legal hold since ${formatDateTime(hold.placedAt)}: ${hold.reason}. The retention schedule will not delete anything of this case.`
      : 'Not on legal hold. Closed cases are deleted on the retention schedule; SLT are told 30 days before.'),
    hold.canChange && el('form', { onsubmit: e => e.preventDefault() },
      field(hold.held ? 'Why lift the hold?' : 'Why hold it? (a claim, a complaint, an inquiry)', reason),
      el('div', { class: 'actions' }, el('button', { type: 'button', class: 'secondary', onclick: e => change(e.currentTarget) }, hold.held ? 'Lift the legal hold' : 'Place a legal hold')))));
}
