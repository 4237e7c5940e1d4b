import { el, fill, $, say, api, problem, useTokenSource, applyTheme } from '/tab/assets/app.js';
import { loadFormOptions, renderConcernForm, alreadyLogged } from '/tab/assets/concern-form.js';
import { readOpenEmail } from '/outlook/assets/mail-item.js';
import { signIn, signInSettings, SignInFailed } from '/outlook/assets/sign-in.js';

// The Outlook task pane behind "Log WhatsApp concern": reads the open email, shows the same prefilled form as the
// tab (POST /api/email-drafts), and logs it (POST /api/concerns) with the same duplicate check as Teams.
const MAX_BYTES = 25 * 1024 * 1024;
const OFFICE_TIMEOUT_MS = 10000;
const main = $('main');

function heading() { return el('h1', {}, 'Log WhatsApp concern'); }

// Office gives the theme's colours; a dark body background means the dark theme.
function officeTheme() {
  const background = Office.context?.officeTheme?.bodyBackgroundColor;
  const hex = /^#?([0-9a-f]{6})$/i.exec(background || '');
  if (!hex) return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  const n = parseInt(hex[1], 16);
  const luminance = (0.2126 * (n >> 16) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255)) / 255;
  return luminance < 0.5 ? 'dark' : 'light';
}

function showNotInOutlook() {
  fill(main, heading(), el('section', { class: 'panel' },
    el('p', {}, 'This page works inside Outlook, on an email you are reading.'),
    el('ol', {},
      el('li', {}, 'Open the parent\'s email in Outlook.'),
      el('li', {}, 'Choose Log WhatsApp concern (on the ribbon, or under the three dots … then Apps).')),
    el('p', {}, 'No Outlook button? The email can also be logged from Teams: Staff Conduct Assistant, Log from an email file.')));
}

function showAskIt(failure) {
  const { clientId } = signInSettings();
  const host = location.host;
  fill(main, heading(), el('section', { class: 'panel ask-it', 'aria-labelledby': 'ask-title' },
    el('h2', { id: 'ask-title', tabindex: '-1' }, 'Signing in did not work'),
    el('p', {}, 'Nothing has been read or logged. Please ask IT (whoever looks after the school\'s Microsoft 365) to check these for the Staff Conduct Assistant app:'),
    el('ol', {},
      el('li', {}, 'Admin consent is granted for its sign-in permission ', el('code', {}, 'access_as_user'), ' (app registration ', el('code', {}, clientId || 'not set'), ').'),
      el('li', {}, 'The registration has the single-page application redirect URI ', el('code', {}, `brk-multihub://${host}`), ' (for Outlook\'s nested app authentication).'),
      el('li', {}, 'The add-in is deployed to you in the Microsoft 365 admin centre (Integrated apps), and modern authentication is on.')),
    el('p', {}, 'Tell IT what Outlook said: ', el('code', {}, `${failure.how}: ${failure.code}`)),
    el('p', { class: 'hint' }, 'Until then, save the email as an .eml file and use Log from an email file in the app in Teams.')));
  $('#ask-title').focus();
}

async function officeReady() {
  if (!window.Office?.onReady) return null;
  const timeout = new Promise(resolve => setTimeout(() => resolve(null), OFFICE_TIMEOUT_MS));
  const info = await Promise.race([Office.onReady(), timeout]);
  return info && Office.context?.mailbox?.item ? info : null;
}

async function run() {
  if (!await officeReady()) { showNotInOutlook(); return; }
  applyTheme(officeTheme());
  Office.context.mailbox.addHandlerAsync?.(Office.EventType.OfficeThemeChanged, () => applyTheme(officeTheme()));

  let tokens;
  try {
    tokens = await signIn();
  } catch (failure) {
    if (failure instanceof SignInFailed) { showAskIt(failure); return; }
    throw failure;
  }
  useTokenSource(tokens);
  const me = await api('/api/tab/me');
  if (me.status === 401) { showAskIt(new SignInFailed('The app', 401, 'The app did not accept the sign-in.')); return; }

  say('Reading the email…');
  let email;
  try {
    email = await readOpenEmail(Office.context.mailbox.item);
  } catch (error) {
    say(`Outlook could not give the email to the app (${error?.code ?? error?.message ?? 'unknown'}). Try again, or save it as an .eml file and use Log from an email file in Teams.`, 'error');
    return;
  }
  if (email.blob.size > MAX_BYTES) { say('This email is larger than 25 MB, so it cannot be logged.', 'error'); return; }
  const [response, options] = await Promise.all([
    api('/api/email-drafts', { method: 'POST', body: email.blob, headers: { 'Content-Type': 'message/rfc822' } }),
    loadFormOptions(),
  ]);
  if (!response.ok) { const p = await problem(response); say(p.detail || p.title, 'error'); return; }
  say('');
  const draft = await response.json();
  const area = el('div', { id: 'draft' });
  fill(main, heading(), area);
  if (draft.alreadyLogged) {
    fill(area, alreadyLogged(draft.alreadyLogged));
    $('#already-title').focus();
    return;
  }
  if (email.skipped.length > 0) {
    draft.warnings = [...(draft.warnings || []), `Not kept with the concern (links or calendar items): ${email.skipped.join(', ')}.`];
  }
  renderConcernForm(area, draft, options, { title: 'Check the concern from this email', newWindow: true });
}

run().catch(error => say(`Something went wrong: ${error?.message || error}. Close the pane and open it again.`, 'error'));
