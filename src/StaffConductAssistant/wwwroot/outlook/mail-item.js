// Reads the email open in Outlook as raw MIME, for POST /api/email-drafts.
// outlook-addin.md §2: the whole message through item.getAsFileAsync (Mailbox 1.14) where the mailbox supports it;
// otherwise the message is rebuilt from the item's fields, body and attachments (getAttachmentContentAsync, Mailbox 1.8).

const CRLF = '\r\n';

function call(start) {
  return new Promise((resolve, reject) => start(result =>
    result.status === Office.AsyncResultStatus.Succeeded ? resolve(result.value) : reject(result.error || new Error('Outlook did not answer'))));
}

function utf8(text) { return new TextEncoder().encode(text); }

function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(base64) {
  const binary = atob(base64.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function lines76(base64) { return base64.replace(/\s+/g, '').replace(/.{1,76}/g, line => line + CRLF); }

const ascii = text => /^[\x20-\x7e]*$/.test(text);
// RFC 2047 encoded word for anything outside printable ASCII.
const word = text => ascii(text) ? text : `=?UTF-8?B?${toBase64(utf8(text))}?=`;
const headerLine = text => String(text ?? '').replace(/[\r\n]+/g, ' ');

function address(a) {
  if (!a?.emailAddress) return null;
  const name = headerLine(a.displayName || '');
  if (!name || name === a.emailAddress) return `<${a.emailAddress}>`;
  return `${ascii(name) ? '"' + name.replace(/["\\]/g, '\\$&') + '"' : word(name)} <${a.emailAddress}>`;
}

function addresses(list) { return (list || []).map(address).filter(Boolean).join(', '); }

function fileName(name) { return `"${word(headerLine(name || 'attachment')).replace(/"/g, '')}"`; }

async function sentDate(item) {
  // The Date header is when the parent sent it; dateTimeCreated is when this mailbox got it.
  if (typeof item.getAllInternetHeadersAsync === 'function') {
    try {
      const headers = await call(cb => item.getAllInternetHeadersAsync(cb));
      const match = /^Date:[ \t]*(.+(?:\r?\n[ \t].+)*)/im.exec(headers || '');
      if (match) return match[1].replace(/\r?\n[ \t]+/g, ' ').trim();
    } catch { /* fall through to the item's own date */ }
  }
  return (item.dateTimeCreated ? new Date(item.dateTimeCreated) : new Date()).toUTCString();
}

/** Builds an RFC 5322 message from the item: what the server reads when the mailbox can't hand over the file. */
async function rebuild(item) {
  const skipped = [];
  let html = null;
  let text = null;
  try { html = await call(cb => item.body.getAsync(Office.CoercionType.Html, cb)); } catch { text = await call(cb => item.body.getAsync(Office.CoercionType.Text, cb)); }
  const parts = [];
  parts.push(utf8(`Content-Type: ${html !== null ? 'text/html' : 'text/plain'}; charset=utf-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}`));
  parts.push(utf8(lines76(toBase64(utf8(html ?? text ?? '')))));
  for (const attachment of item.attachments || []) {
    let content;
    try {
      content = await call(cb => item.getAttachmentContentAsync(attachment.id, cb));
    } catch {
      skipped.push(attachment.name);
      continue;
    }
    const formats = Office.MailboxEnums.AttachmentContentFormat;
    if (content.format === formats.Base64) {
      parts.push(utf8(`Content-Type: ${attachment.contentType || 'application/octet-stream'}; name=${fileName(attachment.name)}${CRLF}` +
        `Content-Disposition: ${attachment.isInline ? 'inline' : 'attachment'}; filename=${fileName(attachment.name)}${CRLF}` +
        `Content-Transfer-Encoding: base64${CRLF}${CRLF}`));
      parts.push(utf8(lines76(content.content)));
    } else if (content.format === formats.Eml) {
      // An email attached to this one (often the parent's own email, forwarded as an attachment).
      parts.push(utf8(`Content-Type: message/rfc822${CRLF}Content-Disposition: attachment; filename=${fileName(attachment.name)}${CRLF}${CRLF}`));
      parts.push(utf8(content.content.replace(/\r?\n/g, CRLF) + CRLF));
    } else {
      // A cloud file (a link) or a calendar item: nothing to keep as evidence.
      skipped.push(attachment.name);
    }
  }

  const boundary = 'sca-' + crypto.randomUUID();
  const headers = [
    ['From', address(item.from)],
    ['To', addresses(item.to)],
    ['Cc', addresses(item.cc)],
    ['Subject', word(headerLine(item.subject || ''))],
    ['Date', await sentDate(item)],
    ['Message-ID', item.internetMessageId ? headerLine(item.internetMessageId) : null],
    ['MIME-Version', '1.0'],
    ['Content-Type', `multipart/mixed; boundary="${boundary}"`],
  ].filter(([, value]) => value).map(([name, value]) => `${name}: ${value}${CRLF}`).join('');
  const chunks = [utf8(headers + CRLF)];
  for (let i = 0; i < parts.length; i += 1) {
    // A part is its header chunk (which starts a part) followed by its content chunk.
    if (i % 2 === 0) chunks.push(utf8(`--${boundary}${CRLF}`));
    chunks.push(parts[i]);
  }
  chunks.push(utf8(`--${boundary}--${CRLF}`));
  return { blob: new Blob(chunks, { type: 'message/rfc822' }), how: 'fields', skipped };
}

/** The open email as { blob, how: 'file' | 'fields', skipped: [attachment names not kept] }. */
export async function readOpenEmail(item) {
  if (typeof item.getAsFileAsync === 'function' && Office.context.requirements.isSetSupported('Mailbox', '1.14')) {
    const base64 = await call(cb => item.getAsFileAsync(cb));
    return { blob: new Blob([fromBase64(base64)], { type: 'message/rfc822' }), how: 'file', skipped: [] };
  }
  return rebuild(item);
}
