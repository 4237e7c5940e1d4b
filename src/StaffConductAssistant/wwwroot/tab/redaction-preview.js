import { el, fill, say, api, problem } from '/tab/assets/app.js';

// The redaction preview (issue 11), shared by a subject access request (parent page) and a disclosure beyond SLT
// (case page): each item as it will be sent, with other people hidden; an item can be shown, with a reason (recorded).
// `download(unredact)` asks for the ZIP with the chosen items shown and answers the server's response.
export async function redactionPreview(container, previewPath, { heading, button, fileName, done, download, afterDownload }) {
  const response = await api(previewPath, { method: 'POST', json: {} });
  if (!response.ok) { say((await problem(response)).title, 'error'); return; }
  const preview = await response.json();
  const shown = new Map();
  const list = el('ul', { class: 'redactions', id: 'redactions' }, preview.redactions.map(r => {
    const reason = el('input', { type: 'text', name: 'reason-' + r.key, maxlength: 2000, placeholder: 'Why show it?' });
    const box = el('input', { type: 'checkbox', id: 'show-' + r.key, onchange: () => { if (box.checked) shown.set(r.key, reason); else shown.delete(r.key); } });
    return el('li', {}, box, el('label', { for: 'show-' + r.key }, `${r.label} (${r.category}, ${r.count} time${r.count === 1 ? '' : 's'})`), ' ', reason);
  }));
  fill(container,
    el('h3', {}, 'Hidden in the download'),
    preview.redactions.length === 0 ? el('p', { class: 'muted' }, 'Nobody else is named.') :
      [el('p', { class: 'muted' }, 'Tick a name to show it in the download, and say why (recorded).'), list],
    el('h3', {}, heading || 'What the download holds'),
    el('ul', {}, preview.items.map(i => el('li', {}, i))),
    el('div', { class: 'actions' }, el('button', { type: 'button', class: 'primary', id: 'preview-download', onclick: async e => {
      const unredact = [...shown].map(([key, reason]) => ({ key, reason: reason.value }));
      const button = e.currentTarget; // null once the handler awaits
      button.disabled = true;
      const answer = await download(unredact);
      button.disabled = false;
      if (!answer.ok) { say((await problem(answer)).title, 'error'); return; }
      const url = URL.createObjectURL(await answer.blob());
      const link = el('a', { href: url, download: fileName });
      document.body.append(link); link.click(); link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      say(done || 'Downloaded. The download is recorded.', 'success');
      if (afterDownload) await afterDownload();
    } }, button || 'Download the ZIP')));
}
