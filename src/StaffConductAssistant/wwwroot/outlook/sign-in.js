// Who is using the pane, as a token the app checks exactly like the Teams tab's (TabAuthentication).
// outlook-addin.md §3: nested app authentication (MSAL's nestable client) where Outlook supports it (NestedAppAuth 1.1);
// otherwise Office SSO (Office.auth.getAccessToken), which Microsoft now calls legacy. Tokens are never stored by us:
// MSAL keeps its own cache, and Office SSO is asked each time (Office caches it).

/** Why sign-in failed, in words for IT, with the code to quote. */
export class SignInFailed extends Error {
  constructor(how, code, detail) {
    super(`${how} sign-in failed (${code})`);
    this.how = how;
    this.code = String(code ?? 'unknown');
    this.detail = detail || '';
  }
}

function config() {
  const meta = name => document.querySelector(`meta[name="${name}"]`)?.content || '';
  return { clientId: meta('sca-client-id'), tenantId: meta('sca-tenant-id'), scope: meta('sca-api-scope') };
}

async function nestedAppAuth({ clientId, tenantId, scope }) {
  const pca = await window.msal.createNestablePublicClientApplication({
    auth: { clientId, authority: `https://login.microsoftonline.com/${tenantId}` },
  });
  const request = { scopes: [scope] };
  const get = async () => {
    try {
      return (await pca.acquireTokenSilent(request)).accessToken;
    } catch (error) {
      // Consent or sign-in is needed: Outlook shows it (the pane never sees a password).
      if (error instanceof window.msal.InteractionRequiredAuthError) return (await pca.acquireTokenPopup(request)).accessToken;
      throw error;
    }
  };
  await get();
  return get;
}

async function officeSso() {
  const get = () => Office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false });
  await get();
  return get;
}

/**
 * Returns a function that gives a token for each API call, or null in local mode (no Entra app configured:
 * the development sign-in's cookie is used, loopback only). Throws SignInFailed.
 */
export async function signIn() {
  const settings = config();
  if (!settings.clientId || !settings.scope) return null;
  let naaError = null;
  if (window.msal && Office.context.requirements.isSetSupported('NestedAppAuth', '1.1')) {
    try {
      return await nestedAppAuth(settings);
    } catch (error) {
      naaError = error;
    }
  }
  try {
    return await officeSso();
  } catch (error) {
    if (naaError) throw new SignInFailed('Nested app authentication', naaError.errorCode || naaError.name, naaError.message);
    throw new SignInFailed('Office single sign-on', error?.code, error?.message);
  }
}

export const signInSettings = config;
