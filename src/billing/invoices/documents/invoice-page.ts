// Renders the hosted invoice page: a standalone HTML page (no scripts, inline styles only, every value
// escaped) with the amount and status, seller and buyer, the lines, the totals and a link to the PDF.
import { formatMoney } from '../../../domain/money/money.ts';
import type { InvoiceDocument } from '../invoice-view.ts';
import {
  buyerLines,
  formatInvoiceDate,
  formatPeriod,
  invoiceStatusLabels,
  paymentStatement,
  sellerLines,
  taxLabel,
  voidHeadline,
} from './invoice-text.ts';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character] ?? character);
}

const statusColors: Record<string, string> = {
  paid: '#2b8a3e',
  open: '#e67700',
  uncollectible: '#c92a2a',
  void: '#868e96',
  draft: '#868e96',
};

export function renderInvoicePage(document: InvoiceDocument, links: { pdfHref: string }): string {
  const { invoice } = document;
  const money = (amount: number) => escapeHtml(formatMoney(amount, invoice.currency));
  const number = invoice.number ?? 'Draft';
  const period = formatPeriod(invoice.periodStart, invoice.periodEnd);
  const lineRows = invoice.lines
    .map((line) => {
      const linePeriod = formatPeriod(line.periodStart, line.periodEnd);
      return `<tr>
          <td>${escapeHtml(line.description)}${line.proration ? ' <span class="muted">(prorated)</span>' : ''}${
            linePeriod ? `<div class="muted small">${escapeHtml(linePeriod)}</div>` : ''
          }</td>
          <td class="num">${line.quantity}</td>
          <td class="num">${money(line.unitAmount)}</td>
          <td class="num">${money(line.amount)}</td>
        </tr>`;
    })
    .join('');
  const addressBlock = (lines: string[]) =>
    lines.map((line, index) => (index === 0 ? `<strong>${escapeHtml(line)}</strong>` : escapeHtml(line))).join('<br>');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Invoice ${escapeHtml(number)} — ${escapeHtml(document.seller.name)}</title>
<style>
  body { margin: 0; background: #f6f7f9; color: #1a1b1e; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 760px; margin: 40px auto; padding: 0 16px; }
  .card { background: #fff; border: 1px solid #dee2e6; border-radius: 10px; padding: 28px 32px; margin-bottom: 16px; }
  .seller { color: #495057; font-weight: 600; }
  .amount { font-size: 34px; font-weight: 700; margin: 6px 0 2px; }
  .badge { display: inline-block; padding: 2px 10px; border-radius: 999px; color: #fff; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
  .facts { display: grid; grid-template-columns: 140px 1fr; gap: 4px 12px; margin: 16px 0; }
  .muted { color: #868e96; }
  .small { font-size: 13px; }
  .parties { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
  h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: #868e96; margin: 0 0 6px; }
  table { width: 100%; border-collapse: collapse; }
  th { text-align: left; font-size: 13px; color: #868e96; font-weight: 600; border-bottom: 1px solid #dee2e6; padding: 8px 0; }
  td { padding: 10px 0; border-bottom: 1px solid #f1f3f5; vertical-align: top; }
  .num { text-align: right; white-space: nowrap; padding-left: 16px; }
  .totals td { border: 0; padding: 4px 0; }
  .totals .total td { font-weight: 700; border-top: 1px solid #dee2e6; padding-top: 8px; }
  .download { display: inline-block; margin-top: 12px; padding: 8px 16px; border-radius: 6px; background: #4263eb; color: #fff; text-decoration: none; font-weight: 600; }
  @media (max-width: 560px) { .parties { grid-template-columns: 1fr; } .card { padding: 20px; } }
</style>
</head>
<body>
<main>
  <section class="card">
    <div class="seller">${escapeHtml(document.seller.name)}</div>
    <div class="amount">${invoice.status === 'void' ? voidHeadline : money(invoice.total)}</div>
    <span class="badge" style="background:${statusColors[invoice.status] ?? '#868e96'}">${invoiceStatusLabels[invoice.status]}</span>
    <div class="facts">
      <span class="muted">Invoice number</span><span>${escapeHtml(number)}</span>
      <span class="muted">Date of issue</span><span>${invoice.issuedAt ? escapeHtml(formatInvoiceDate(invoice.issuedAt)) : '—'}</span>
      ${period ? `<span class="muted">Billing period</span><span>${escapeHtml(period)}</span>` : ''}
    </div>
    <p>${escapeHtml(paymentStatement(document, (amount) => formatMoney(amount, invoice.currency)))}</p>
    <a class="download" href="${escapeHtml(links.pdfHref)}" download>Download PDF</a>
  </section>
  <section class="card parties">
    <div><h2>From</h2>${addressBlock(sellerLines(document))}</div>
    <div><h2>Bill to</h2>${addressBlock(buyerLines(invoice.billingDetails, document.workspaceName))}</div>
  </section>
  <section class="card">
    <table>
      <thead><tr><th>Description</th><th class="num">Qty</th><th class="num">Unit price</th><th class="num">Amount</th></tr></thead>
      <tbody>${lineRows}</tbody>
    </table>
    <table class="totals">
      <tr><td>Subtotal</td><td class="num">${money(invoice.subtotal)}</td></tr>
      <tr><td>${escapeHtml(taxLabel(invoice.taxRate))}</td><td class="num">${money(invoice.tax)}</td></tr>
      <tr class="total"><td>Total</td><td class="num">${money(invoice.total)}</td></tr>
    </table>
  </section>
</main>
</body>
</html>`;
}
