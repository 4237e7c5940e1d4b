import { el, fill, api, field, formatDateTime } from '/tab/assets/app.js';
import { redactionPreview } from '/tab/assets/redaction-preview.js';

// Sharing the case beyond SLT (a moderator, the authorities, a legal adviser), redacted like a subject access request,
// and the list of what was shared: with whom, by whom, when, and which items were shown and why.
export async function disclosures(id, container) {
  const response = await api(`/api/tab/concerns/${id}/disclosures`);
  if (!response.ok) { fill(container); return; }
  const view = await response.json();
  const name = el('input', { type: 'text', name: 'recipientName', maxlength: 200, autocomplete: 'off' });
  const kind = el('select', { name: 'recipientKind' },
    el('option', { value: 'Moderator' }, "The group's moderator"),
    el('option', { value: 'Authorities' }, 'The authorities (police, local authority, social care)'),
    el('option', { value: 'LegalAdviser' }, 'A legal adviser'));
  const purpose = el('textarea', { name: 'purpose', rows: 2, maxlength: 2000 });
  const previewArea = el('div', { id: 'disclosure-preview' });
  fill(container, el('section', { class: 'panel', 'aria-label': 'Shared outside SLT' },
    el('h2', {}, 'Shared outside SLT'),
    view.disclosures.length === 0 ? el('p', { class: 'muted' }, 'This case has not been shared outside SLT.') :
      el('ul', { id: 'disclosures' }, view.disclosures.map(d => el('li', {},
        `${formatDateTime(d.at)}: shared with ${d.recipientName} (${d.recipientLabel}) by ${d.by}. Why: ${d.purpose}. `,
        d.unredacted.length === 0 ? `${d.hidden} item${d.hidden === 1 ? '' : 's'} hidden.` :
          `Shown: ${d.unredacted.map(u => `${u.kind} (${u.reason})`).join('; ')}.`))),
    view.canDisclose && el('form', { onsubmit: e => { e.preventDefault(); } },
      el('p', { class: 'muted' }, 'Other parents, children and staff are hidden, as in a subject access request. Preview it, choose anything to show (with a reason), then download it to send.'),
      field('Who is it for? (their name)', name), field('They are', kind), field('Why is it shared?', purpose),
      el('div', { class: 'actions' }, el('button', { type: 'button', class: 'secondary', id: 'disclosure-start', onclick: () =>
        redactionPreview(previewArea, `/api/tab/concerns/${id}/disclosures/preview`, {
          button: 'Download the ZIP to share',
          fileName: `concern-${id}-shared.zip`,
          done: 'Downloaded. What was shared, and with whom, is recorded on this case.',
          download: unredact => api(`/api/tab/concerns/${id}/disclosures`, { method: 'POST', json: { recipientName: name.value, recipientKind: kind.value, purpose: purpose.value, unredact } }),
          afterDownload: () => disclosures(id, container),
        }) }, 'Preview what will be shared')),
      previewArea)));
}
