import { el, fill, $, say, api, problem } from '/tab/assets/app.js';

// Local mode only (the server refuses this page anywhere else): choose one of the configured test users.
const LABELS = { Staff: 'Staff', Slt: 'SLT', Headmistress: 'Headmistress', Dsl: 'Designated Safeguarding Lead' };
const back = new URLSearchParams(location.search).get('return');
const target = back && back.startsWith('/tab/') ? back : '/tab/roster';

const response = await api('/api/tab/dev-users');
if (!response.ok) {
  fill($('main'), el('h1', {}, 'Not available'), el('p', {}, 'Test sign-in only works on this computer in local mode.'));
} else {
  const users = await response.json();
  fill($('main'), 
    el('h1', {}, 'Choose a test user'),
    el('p', { class: 'lead' }, 'This copy runs on this computer without Microsoft Teams. Choose who to be; in Teams, people are signed in automatically.'),
    el('ul', { class: 'choices' }, users.map(u => el('li', {},
      el('button', { type: 'button', class: 'primary', 'data-user': u.userId, onclick: () => signIn(u.userId) },
        `${u.name || '…' + u.userId.slice(-4)}: ${u.roles.split(',').map(r => r.trim()).filter(r => r !== 'Staff' || u.roles.trim() === 'Staff').map(r => LABELS[r] || r).join(', ')}`)))));
}

async function signIn(userId) {
  const result = await api('/api/tab/dev-sign-in', { method: 'POST', json: { userId } });
  if (result.ok) location.assign(target);
  else say((await problem(result)).title, 'error');
}
