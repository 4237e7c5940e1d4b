import { el, fill, $, say, start, api, problem } from '/tab/assets/app.js';

// The audit trail's hash chain, checked on the server from its first entry to its last (SLT only).
const me = await start();
if (me) render(null);

function render(result) {
  const button = el('button', { type: 'button', class: 'primary', id: 'verify', onclick: verify }, 'Check the audit trail');
  fill($('main'),
    el('h1', {}, 'Audit trail'),
    el('p', { class: 'lead' }, 'Every step is recorded in a chain: each entry holds a fingerprint of the one before it and of itself. ' +
      'An entry changed, removed or added outside the app breaks the chain where it stands.'),
    el('div', { class: 'actions' }, button),
    result && el('section', { class: 'panel', id: 'result', 'data-intact': String(result.intact) },
      el('h2', {}, result.intact ? 'Intact' : 'Broken'),
      el('p', {}, result.message)));
}

async function verify() {
  const response = await api('/api/tab/audit/verify', { method: 'POST' });
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  const result = await response.json();
  render(result);
  say(result.intact ? 'The audit trail is intact.' : 'The audit trail is broken.', result.intact ? 'info' : 'error');
}
