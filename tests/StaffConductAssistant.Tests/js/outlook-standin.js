// A stand-in Outlook host for the task pane's browser tests, served in place of Office.js (the test routes the CDN's
// office.js URL here). It implements only the Office.js calls the pane makes, over the email described in
// window.__outlookStandIn (set by the test before the page loads), and the host's side of MSAL's nested app
// authentication bridge (window.nestedAppAuthBridge). Every call is recorded in window.__outlookStandIn.calls.
(() => {
  const cfg = window.__outlookStandIn;
  const calls = (cfg.calls = []);
  const mail = cfg.item;
  const ok = value => ({ status: 'succeeded', value });
  const failed = (code, message) => ({ status: 'failed', error: { code, name: 'StandInError', message } });
  const callback = args => [...args].reverse().find(a => typeof a === 'function');
  const later = (args, result) => setTimeout(() => callback(args)(result), 0);
  const versionAtLeast = (have, want) => {
    const [a, b] = [have, want].map(v => v.split('.').map(Number));
    return a[0] > b[0] || (a[0] === b[0] && (a[1] || 0) >= (b[1] || 0));
  };
  const escapeHtml = text => text.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

  const item = {
    itemType: 'message',
    subject: mail.subject,
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    dateTimeCreated: new Date(mail.dateTimeCreated),
    internetMessageId: mail.internetMessageId,
    attachments: mail.attachments.map(({ content, format, ...details }) => details),
    body: {
      getAsync(coercion, ...rest) {
        calls.push('body.getAsync:' + coercion);
        // Outlook gives HTML for any message; a plain-text one comes back as text in HTML.
        const html = mail.bodyHtml ?? `<html><body><div>${escapeHtml(mail.bodyText || '').replace(/\r?\n/g, '<br>')}</div></body></html>`;
        later(rest, ok(coercion === 'html' ? html : mail.bodyText || ''));
      },
    },
    getAttachmentContentAsync(id, ...rest) {
      calls.push('getAttachmentContentAsync');
      const attachment = mail.attachments.find(a => a.id === id);
      later(rest, attachment ? ok({ format: attachment.format, content: attachment.content }) : failed(9030, 'No such attachment'));
    },
    getAllInternetHeadersAsync(...args) {
      calls.push('getAllInternetHeadersAsync');
      later(args, ok(mail.headers));
    },
  };
  // Mailbox 1.14: the whole message as Base64 EML.
  if (versionAtLeast(cfg.mailbox, '1.14')) {
    item.getAsFileAsync = (...args) => { calls.push('getAsFileAsync'); later(args, ok(mail.eml)); };
  }

  const sets = { Mailbox: cfg.mailbox, NestedAppAuth: cfg.naa ? '1.1' : null };
  window.Office = {
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    CoercionType: { Html: 'html', Text: 'text' },
    EventType: { OfficeThemeChanged: 'officeThemeChanged' },
    MailboxEnums: { AttachmentContentFormat: { Base64: 'base64', Url: 'url', Eml: 'eml', ICalendar: 'iCalendar' } },
    onReady(done) {
      const ready = new Promise(resolve => setTimeout(() => resolve({ host: 'Outlook', platform: 'OfficeOnline' }), 0));
      if (done) ready.then(done);
      return ready;
    },
    context: {
      officeTheme: cfg.theme,
      requirements: { isSetSupported: (name, version) => !!sets[name] && versionAtLeast(sets[name], version || '1.1') },
      mailbox: {
        item,
        addHandlerAsync(type, handler, ...rest) { calls.push('addHandlerAsync:' + type); const cb = callback(rest); if (cb) later(rest, ok()); },
      },
    },
    auth: {
      getAccessToken(options) {
        calls.push('getAccessToken');
        return cfg.ssoToken ? Promise.resolve(cfg.ssoToken) : Promise.reject({ code: cfg.ssoError || 13003, message: 'The stand-in host has no Office SSO.' });
      },
    },
  };

  // The host's end of nested app authentication: MSAL posts JSON requests, the host answers by "message" events.
  if (cfg.naa) {
    const listeners = [];
    const reply = body => setTimeout(() => listeners.forEach(l => l({ data: JSON.stringify(body) })), 0);
    window.nestedAppAuthBridge = {
      addEventListener(type, listener) { if (type === 'message') listeners.push(listener); },
      removeEventListener(type, listener) { const i = listeners.indexOf(listener); if (i >= 0) listeners.splice(i, 1); },
      postMessage(json) {
        const request = JSON.parse(json);
        calls.push('naa:' + request.method);
        const envelope = { messageType: 'NestedAppAuthResponse', requestId: request.requestId };
        if (request.method === 'GetInitContext') {
          reply({ ...envelope, success: true, initContext: { sdkName: 'outlook-standin', sdkVersion: '1.0.0', accountContext: null, capabilities: {} } });
        } else if (cfg.naa.error) {
          reply({ ...envelope, success: false, error: { status: cfg.naa.error, code: 'standin_error', description: 'The stand-in host refused the token.' } });
        } else {
          cfg.naaScopes = request.tokenParams?.scope;
          reply({
            ...envelope,
            success: true,
            token: { access_token: cfg.naa.accessToken, id_token: cfg.naa.idToken, expires_in: 3600, scope: request.tokenParams?.scope },
            account: { homeAccountId: cfg.naa.userId + '.' + cfg.naa.tenantId, environment: 'login.microsoftonline.com', tenantId: cfg.naa.tenantId, localAccountId: cfg.naa.userId, username: 'staff@stjohnspriory.example', name: 'Test User' },
          });
        }
      },
    };
  }
})();
