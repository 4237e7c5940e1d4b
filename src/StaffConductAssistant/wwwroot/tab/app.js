// Shared by every tab page: sign-in (Teams SSO, or the local development sign-in), API calls, safe rendering.
// Data from the server is only ever written with textContent, never as HTML.

const TEAMS_TIMEOUT_MS = 5000;
let teamsReady = false;

/** The sub-page Teams opened the tab at (a deep link's subEntityId, e.g. "case-12"), or null. */
export let teamsSubPage = null;

/** Builds an element. Children may be strings (set as text), nodes, or null/false (skipped). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces a node's content, skipping null/false children (replaceChildren would print them as text). */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
}

export function $(selector) { return document.querySelector(selector); }

/** Tells screen readers and everyone else what just happened. kind: info, success, error. */
export function say(message, kind = 'info') {
  const status = $('#status');
  if (!status) return;
  status.className = 'status ' + kind;
  status.textContent = message;
  status.hidden = !message;
}

// The school's time, whatever the reader's device says: times are stored in UTC, and the school reads them in
// UK time (an hour ahead of UTC from late March to late October).
const schoolZone = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: schoolZone });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: schoolZone });
export function formatDate(value) { return value ? dateFormat.format(new Date(value)) : ''; }
export function formatDateTime(value) { return value ? dateTimeFormat.format(new Date(value)) : ''; }

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

// Teams desktop and web show tabs in a frame; Teams mobile in a web view with a native bridge.
function mightBeInTeams() {
  return window.parent !== window || !!window.nativeInterface || /Teams\//.test(navigator.userAgent);
}

export function applyTheme(theme) {
  document.documentElement.dataset.theme = theme === 'dark' ? 'dark' : theme === 'contrast' ? 'contrast' : 'light';
}

async function startTeams() {
  if (!mightBeInTeams() || !window.microsoftTeams) return false;
  try {
    await withTimeout(window.microsoftTeams.app.initialize(), TEAMS_TIMEOUT_MS);
    const context = await window.microsoftTeams.app.getContext();
    teamsSubPage = context?.page?.subPageId || null;
    applyTheme(context?.app?.theme);
    window.microsoftTeams.app.registerOnThemeChangeHandler(applyTheme);
    return true;
  } catch {
    return false;
  }
}

let tokenSource = null;

/** Another host's sign-in (the Outlook task pane's): a function returning a token for each call, or null. */
export function useTokenSource(source) { tokenSource = source; }

/** Calls the app's API. Inside Teams every call carries the SSO token (Teams caches it; we never store it). */
export async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (teamsReady) {
    const token = await window.microsoftTeams.authentication.getAuthToken();
    headers.set('Authorization', 'Bearer ' + token);
  } else if (tokenSource) {
    const token = await tokenSource();
    if (token) headers.set('Authorization', 'Bearer ' + token);
  }
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    options = { ...options, body: JSON.stringify(options.json) };
  }
  return fetch(path, { ...options, headers, credentials: 'same-origin' });
}

/** Reads a problem+json answer into plain words (and field errors, if any). */
export async function problem(response) {
  try {
    const body = await response.json();
    return { title: body.title || 'Something went wrong', detail: body.detail || '', errors: body.errors || {}, body };
  } catch {
    return { title: response.status === 403 ? 'You do not have permission to do that.' : 'Something went wrong. Please try again.', detail: '', errors: {}, body: {} };
  }
}

/** Downloads a file from the API (a plain link would not carry the Teams token). */
export async function download(path, fallbackName) {
  const response = await api(path);
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const PAGES = [
  { path: '/tab/roster', label: 'Moderator roster' },
  { path: '/tab/concerns', label: 'Concerns' },
  { path: '/tab/overview', label: 'Overview', sltOnly: true },
  { path: '/tab/log-email', label: 'Log from an email file' },
  { path: '/tab/audit', label: 'Audit trail', sltOnly: true },
  { path: '/tab/letters', label: 'Letters', sltOnly: true },
  { path: '/tab/site-bans', label: 'Site bans', sltOnly: true },
];

function renderNav(me) {
  const nav = $('#nav');
  if (!nav) return;
  const here = location.pathname.startsWith('/tab/concerns/') ? '/tab/concerns' : location.pathname;
  fill(nav, ...PAGES.filter(p => !p.sltOnly || me.seesAllConcerns).map(p =>
    el('a', { href: p.path, 'aria-current': p.path === here ? 'page' : null }, p.label)));
  const who = $('#who');
  if (who) {
    const roles = me.roles.filter(r => r !== 'Staff').map(r => ({ Slt: 'SLT', Headmistress: 'Headmistress', ActingHeadmistress: 'Acting Headmistress', Dsl: 'DSL' })[r] || r);
    fill(who, el('span', {}, roles.length ? roles.join(', ') : 'Staff'));
    if (me.devSignIn) {
      who.append(' ', el('a', { href: '/tab/sign-in?return=' + encodeURIComponent(location.pathname + location.search) }, 'Switch test user'));
    }
  }
}

function showSignedOut(devSignIn) {
  const main = $('main');
  const back = location.pathname + location.search;
  fill(main, el('section', { class: 'panel' },
    el('h1', {}, 'Open this in Microsoft Teams'),
    devSignIn
      ? el('p', {}, 'This copy is running on this computer for testing. ', el('a', { href: '/tab/sign-in?return=' + encodeURIComponent(back) }, 'Choose a test user'), ' to continue.')
      : [el('p', {}, 'Staff Conduct Assistant works inside Microsoft Teams, where it knows who you are.'),
         el('ol', {},
           el('li', {}, 'Open Microsoft Teams.'),
           el('li', {}, 'Select Apps on the left, then find Staff Conduct Assistant.'),
           el('li', {}, 'Choose the Moderator roster or Concerns tab.')),
         el('p', {}, 'If you cannot find the app, please ask the school office.')]));
}

/** Signs in and returns who is asking, or null (the page then explains what to do). */
export async function start() {
  if (!document.documentElement.dataset.theme) {
    applyTheme(matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  }
  teamsReady = await startTeams();
  let response;
  try {
    response = await api('/api/tab/me');
  } catch {
    say('The app could not be reached. Check your connection and try again.', 'error');
    return null;
  }
  if (response.status === 401) {
    const body = await problem(response);
    showSignedOut(!teamsReady && body.body.devSignIn === true);
    return null;
  }
  if (!response.ok) {
    say('Signing in did not work. Please close the tab and open it again.', 'error');
    return null;
  }
  const me = await response.json();
  renderNav(me);
  return me;
}

/** Labels an input for screen readers and sighted users alike. */
export function field(label, input, hint) {
  const id = input.id || ('f-' + Math.random().toString(36).slice(2));
  input.id = id;
  const hintNode = hint ? el('span', { class: 'hint', id: id + '-hint' }, hint) : null;
  if (hintNode) input.setAttribute('aria-describedby', id + '-hint');
  const error = el('span', { class: 'field-error', id: id + '-error', hidden: true });
  return el('div', { class: 'field' }, el('label', { for: id }, label), hintNode, input, error);
}

/** Shows the server's field errors beside the inputs they belong to; returns the first invalid input. */
export function showFieldErrors(form, errors) {
  let first = null;
  for (const error of form.querySelectorAll('.field-error')) { error.hidden = true; error.textContent = ''; }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const [name, messages] of Object.entries(errors || {})) {
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!input) continue;
    // A group of checkboxes has one message, for its fieldset (the first box's id is not the group's).
    const group = input.type === 'checkbox' && form.querySelectorAll(`[name="${CSS.escape(name)}"]`).length > 1 ? input.closest('fieldset') : null;
    const error = group ? group.querySelector('.field-error') : $('#' + CSS.escape(input.id + '-error'));
    if (group) group.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-invalid', 'true');
    if (error) {
      error.textContent = messages.join(' ');
      error.hidden = false;
      if (!group) input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' '));
    }
    first = first || input;
  }
  first?.focus();
  return first;
}
