// The one look of every billing email: a message (heading, paragraphs, facts, invoice lines, one action) laid out
// with mjml for the HTML part and written out line by line for the plain-text part, from the same content.
import type mjml2html from 'mjml';
import type { RenderedEmail } from './email-kind.ts';

export interface EmailMessage {
  subject: string;
  /** The line mail clients show next to the subject. */
  preview: string;
  heading: string;
  paragraphs: readonly string[];
  /** Label and value rows: "Amount due — $29.00". */
  facts?: readonly { label: string; value: string }[];
  /** Invoice lines and their total. */
  lines?: { rows: readonly { description: string; amount: string }[]; total: string };
  action?: { label: string; url: string };
  /** Small print under the action. */
  footnote?: string;
  /** Who it is from, in the footer: the workspace name. */
  workspaceName?: string;
}

// mjml (with the HTML and CSS tools it brings) is the heaviest module Billfold has, about 100 MB resident: it is
// loaded the first time an email is rendered, so a process that sends none never holds it (issue 16's RSS limit).
let mjml: Promise<typeof mjml2html> | undefined;

export async function renderEmail(message: EmailMessage): Promise<RenderedEmail> {
  mjml ??= import('mjml').then((module) => module.default);
  const toHtml = await mjml;
  const { html, errors } = await toHtml(mjmlOf(message), { validationLevel: 'soft', keepComments: false });
  if (errors.length > 0) throw new Error(`email template: ${errors.map((e) => e.formattedMessage).join('; ')}`);
  return { subject: message.subject, html, text: textOf(message) };
}

/** Escapes text for HTML content and attribute values (mjml passes content through as HTML). */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const ink = '#1f2328';
const muted = '#59636e';
const accent = '#1c7ed6';

function mjmlOf(m: EmailMessage): string {
  const e = escapeHtml;
  const paragraphs = m.paragraphs.map((p) => `<mj-text>${e(p)}</mj-text>`).join('');
  const facts = m.facts?.length
    ? `<mj-table>${m.facts
        .map(
          (f) =>
            `<tr><td style="padding:4px 0;color:${muted}">${e(f.label)}</td>` +
            `<td style="padding:4px 0;text-align:right;font-weight:600">${e(f.value)}</td></tr>`,
        )
        .join('')}</mj-table>`
    : '';
  const lines = m.lines
    ? `<mj-table>${m.lines.rows
        .map(
          (l) =>
            `<tr><td style="padding:6px 0;border-bottom:1px solid #e5e7eb">${e(l.description)}</td>` +
            `<td style="padding:6px 0;border-bottom:1px solid #e5e7eb;text-align:right;white-space:nowrap">${e(l.amount)}</td></tr>`,
        )
        .join('')}<tr><td style="padding:8px 0;font-weight:700">Total</td>` +
      `<td style="padding:8px 0;text-align:right;font-weight:700">${e(m.lines.total)}</td></tr></mj-table>`
    : '';
  const action = m.action
    ? `<mj-button href="${e(m.action.url)}" background-color="${accent}" align="left">${e(m.action.label)}</mj-button>` +
      `<mj-text font-size="12px" color="${muted}">Or open ${e(m.action.url)}</mj-text>`
    : '';
  const footnote = m.footnote ? `<mj-text font-size="12px" color="${muted}">${e(m.footnote)}</mj-text>` : '';
  const from = m.workspaceName ? `Billing for ${e(m.workspaceName)} · ` : '';
  return `<mjml>
  <mj-head>
    <mj-title>${e(m.subject)}</mj-title>
    <mj-preview>${e(m.preview)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.5" color="${ink}" />
      <mj-table font-size="15px" color="${ink}" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f6f8fa">
    <mj-section padding="24px 0 8px"><mj-column><mj-text font-size="14px" font-weight="700" color="${muted}">Billfold</mj-text></mj-column></mj-section>
    <mj-section background-color="#ffffff" border-radius="8px" padding="8px 8px 16px">
      <mj-column>
        <mj-text font-size="20px" font-weight="700">${e(m.heading)}</mj-text>
        ${paragraphs}${facts}${lines}${action}${footnote}
      </mj-column>
    </mj-section>
    <mj-section><mj-column><mj-text font-size="12px" color="${muted}">${from}Sent by Billfold</mj-text></mj-column></mj-section>
  </mj-body>
</mjml>`;
}

function textOf(m: EmailMessage): string {
  const out: string[] = [m.heading, ''];
  for (const p of m.paragraphs) out.push(p, '');
  if (m.facts?.length) {
    for (const f of m.facts) out.push(`${f.label}: ${f.value}`);
    out.push('');
  }
  if (m.lines) {
    for (const l of m.lines.rows) out.push(`${l.description} — ${l.amount}`);
    out.push(`Total: ${m.lines.total}`, '');
  }
  if (m.action) out.push(`${m.action.label}: ${m.action.url}`, '');
  if (m.footnote) out.push(m.footnote, '');
  out.push('--', m.workspaceName ? `Billing for ${m.workspaceName} · Sent by Billfold` : 'Sent by Billfold');
  return `${out.join('\n')}\n`;
}
