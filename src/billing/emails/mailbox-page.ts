// Renders the local mailbox: the list of emails, newest first, and one email (its headers, its HTML part in a
// sandboxed frame, its text part, its attachment). Standalone HTML, no scripts, every value escaped.
import { escapeHtml as e } from './email-layout.ts';
import type { MailboxEmail, MailboxEntry } from './email-outbox.queries.ts';

const timeFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  dateStyle: 'medium',
  timeStyle: 'short',
});

function when(date: Date): string {
  return `${timeFormat.format(date)} UTC`;
}

const styles = `
  body { font: 15px/1.5 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #1f2328;
         margin: 0; background: #f6f8fa; }
  main { max-width: 860px; margin: 0 auto; padding: 16px; }
  h1 { font-size: 20px; margin: 8px 0 4px; }
  .muted { color: #59636e; }
  .small { font-size: 13px; }
  ul.mails { list-style: none; padding: 0; margin: 16px 0; }
  ul.mails li { background: #fff; border: 1px solid #d1d9e0; border-radius: 8px; margin-bottom: 8px; }
  ul.mails a { display: block; padding: 10px 12px; color: inherit; text-decoration: none; }
  .subject { font-weight: 600; overflow-wrap: anywhere; }
  .row { display: flex; flex-wrap: wrap; gap: 4px 12px; }
  .tag { font-size: 12px; border-radius: 4px; padding: 0 6px; background: #eef1f4; }
  .tag.pending { background: #fff3bf; } .tag.failed { background: #ffe3e3; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 12px 0; }
  dt { color: #59636e; } dd { margin: 0; overflow-wrap: anywhere; }
  iframe { width: 100%; height: 70vh; border: 1px solid #d1d9e0; border-radius: 8px; background: #fff; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid #d1d9e0;
        border-radius: 8px; padding: 12px; font-size: 13px; }
  a { color: #1864ab; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(title)}</title>
<style>${styles}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

function statusTag(status: MailboxEntry['status']): string {
  return status === 'sent' ? '' : ` <span class="tag ${status}">${status}</span>`;
}

export function renderMailboxList(entries: readonly MailboxEntry[], basePath: string): string {
  const items = entries
    .map(
      (m) => `<li><a href="${e(`${basePath}/${m.id}`)}">
  <div class="subject">${e(m.subject)}${statusTag(m.status)}</div>
  <div class="row small muted"><span>To ${e(m.to.join(', '))}</span><span>${e(when(m.createdAt))}</span>
  <span class="tag">${e(m.kind)}</span>${m.attachInvoiceId ? '<span class="tag">PDF</span>' : ''}</div>
</a></li>`,
    )
    .join('\n');
  return page(
    'Mailbox — Billfold',
    `<h1>Mailbox</h1>
<p class="muted small">The emails Billfold wrote, newest first. No SMTP server is configured (BILLFOLD_SMTP_URL), so each is
kept as an .eml file in the data dir instead of being sent.</p>
${entries.length === 0 ? '<p>No emails yet.</p>' : `<ul class="mails">${items}</ul>`}`,
  );
}

export function renderMailboxEmail(
  email: MailboxEmail,
  links: { list: string; html: string; attachment: string | null; eml: string | null },
): string {
  return page(
    `${email.subject} — Mailbox`,
    `<p class="small"><a href="${e(links.list)}">← All emails</a></p>
<h1>${e(email.subject)}${statusTag(email.status)}</h1>
<dl class="small">
  <dt>To</dt><dd>${e(email.to.join(', '))}</dd>
  <dt>Kind</dt><dd>${e(email.kind)}</dd>
  <dt>Written</dt><dd>${e(when(email.createdAt))}</dd>
  <dt>Sent</dt><dd>${email.sentAt ? e(when(email.sentAt)) : 'not yet'}</dd>
  ${email.error ? `<dt>Last error</dt><dd>${e(email.error)} (attempt ${email.attempts})</dd>` : ''}
  ${links.attachment ? `<dt>Attachment</dt><dd><a href="${e(links.attachment)}">Invoice PDF</a></dd>` : ''}
  ${links.eml ? `<dt>Message</dt><dd><a href="${e(links.eml)}">Download .eml</a></dd>` : ''}
</dl>
<iframe title="The email's HTML part" sandbox src="${e(links.html)}" referrerpolicy="no-referrer"></iframe>
<h2 class="small muted">Plain-text part</h2>
<pre>${e(email.text)}</pre>`,
  );
}
