// Renders the hosted credit note page: a standalone HTML page (inline styles, every value escaped) with the amount
// credited, the invoice it credits, seller and buyer, the lines, the totals and a link to the PDF.
import { formatMoney } from '../../../domain/money/money.ts';
import { escapeHtml } from '../../invoices/documents/invoice-page.ts';
import { buyerLines, formatInvoiceDate, sellerLines } from '../../invoices/documents/invoice-text.ts';
import type { CreditNoteDocument } from '../credit-note-view.ts';
import { creditNoteReasonLabels, creditStatement } from './credit-note-text.ts';

export function renderCreditNotePage(document: CreditNoteDocument, links: { pdfHref: string }): string {
  const { creditNote } = document;
  const money = (amount: number) => escapeHtml(formatMoney(amount, creditNote.currency));
  const addressBlock = (lines: string[]) =>
    lines.map((line, index) => (index === 0 ? `<strong>${escapeHtml(line)}</strong>` : escapeHtml(line))).join('<br>');
  const lineRows = creditNote.lines
    .map(
      (line) => `<tr><td>${escapeHtml(line.description)}</td><td class="num">${line.quantity}</td>
        <td class="num">${money(line.amount)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Credit note ${escapeHtml(creditNote.number)} — ${escapeHtml(document.seller.name)}</title>
<style>
  body { margin: 0; background: #f6f7f9; color: #1a1b1e; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 760px; margin: 40px auto; padding: 0 16px; }
  .card { background: #fff; border: 1px solid #dee2e6; border-radius: 10px; padding: 28px 32px; margin-bottom: 16px; }
  .seller { color: #495057; font-weight: 600; }
  h1 { font-size: 15px; margin: 0; color: #5c636a; font-weight: 600; }
  .amount { font-size: 34px; font-weight: 700; margin: 6px 0 2px; }
  .facts { display: grid; grid-template-columns: 160px 1fr; gap: 4px 12px; margin: 16px 0; }
  .muted { color: #5c636a; }
  .parties { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
  h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: #5c636a; margin: 0 0 6px; }
  table { width: 100%; border-collapse: collapse; }
  th { text-align: left; font-size: 13px; color: #5c636a; font-weight: 600; border-bottom: 1px solid #dee2e6; padding: 8px 0; }
  td { padding: 10px 0; border-bottom: 1px solid #f1f3f5; vertical-align: top; }
  .num { text-align: right; white-space: nowrap; padding-left: 16px; }
  .totals td { border: 0; padding: 4px 0; }
  .totals .total td { font-weight: 700; border-top: 1px solid #dee2e6; padding-top: 8px; }
  .download { display: inline-block; margin-top: 12px; padding: 8px 16px; border-radius: 6px; background: #4263eb; color: #fff; text-decoration: none; font-weight: 600; }
  @media (max-width: 560px) { .parties { grid-template-columns: 1fr; } .card { padding: 20px; } .facts { grid-template-columns: 130px 1fr; } }
</style>
</head>
<body>
<main>
  <section class="card">
    <div class="seller">${escapeHtml(document.seller.name)}</div>
    <h1>Credit note ${escapeHtml(creditNote.number)}</h1>
    <div class="amount">${money(creditNote.total)}</div>
    <div class="facts">
      <span class="muted">Credit note number</span><span>${escapeHtml(creditNote.number)}</span>
      <span class="muted">Date of issue</span><span>${escapeHtml(formatInvoiceDate(creditNote.issuedAt))}</span>
      <span class="muted">Credits invoice</span><span>${escapeHtml(creditNote.invoiceNumber)}</span>
      <span class="muted">Reason</span><span>${escapeHtml(creditNoteReasonLabels[creditNote.reason])}</span>
    </div>
    <p id="credit-statement">${escapeHtml(creditStatement(creditNote, formatMoney(creditNote.total, creditNote.currency)))}</p>
    ${creditNote.memo ? `<p class="muted">${escapeHtml(creditNote.memo)}</p>` : ''}
    <a class="download" href="${escapeHtml(links.pdfHref)}" download>Download PDF</a>
  </section>
  <section class="card parties">
    <div><h2>From</h2>${addressBlock(sellerLines(document))}</div>
    <div><h2>Credit to</h2>${addressBlock(buyerLines(creditNote.billingDetails, document.workspaceName))}</div>
  </section>
  <section class="card">
    <table>
      <thead><tr><th>Description</th><th class="num">Qty</th><th class="num">Amount</th></tr></thead>
      <tbody>${lineRows}</tbody>
    </table>
    <table class="totals">
      <tr><td>Subtotal</td><td class="num">${money(creditNote.subtotal)}</td></tr>
      <tr><td>Tax</td><td class="num">${money(creditNote.tax)}</td></tr>
      <tr class="total"><td>Total credited</td><td class="num">${money(creditNote.total)}</td></tr>
    </table>
  </section>
</main>
</body>
</html>`;
}
