// Renders the hosted invoice page: a standalone HTML page (inline styles, every value escaped) with the amount and
// status, its due date, seller and buyer, the lines, the totals and a link to the PDF. An open invoice gets a card
// form, run by the one script Billfold serves for it (hosted-invoice-pay.js); while the workspace's subscription is
// past due, the amount due now stands at the top.
import { formatMoney } from '../../../domain/money/money.ts';
import type { HostedInvoiceDocument } from '../invoice-view.ts';
import {
  buyerLines,
  formatInvoiceDate,
  formatPeriod,
  invoiceDueDate,
  invoiceStatusLabels,
  paymentStatement,
  sellerLines,
  taxLabel,
  voidHeadline,
} from './invoice-text.ts';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character] ?? character);
}

// Dark enough for white badge text to meet WCAG AA contrast.
const statusColors: Record<string, string> = {
  paid: '#2b7a3b',
  open: '#a14d00',
  uncollectible: '#c92a2a',
  void: '#5c636a',
  draft: '#5c636a',
};

export interface HostedPageLinks {
  pdfHref: string;
  /** Where an open invoice is paid, the script that runs the card form, and whether the gateway is in test mode. */
  pay: { href: string; scriptSrc: string; testMode: boolean } | null;
}

export function renderInvoicePage(document: HostedInvoiceDocument, links: HostedPageLinks): string {
  const { invoice } = document;
  const money = (amount: number) => escapeHtml(formatMoney(amount, invoice.currency));
  const isOpen = invoice.status === 'open';
  const dueDate = isOpen ? invoiceDueDate(invoice) : null;
  const dueNow = isOpen && document.subscriptionPastDue;
  const payForm = isOpen && links.pay ? renderPayForm(links.pay, money(invoice.amountDue), invoice.payment) : '';
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
  .muted { color: #5c636a; }
  .small { font-size: 13px; }
  .parties { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
  h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: #5c636a; margin: 0 0 6px; }
  .due { font-weight: 600; margin: 4px 0 8px; }
  .due-now { background: #fff4e6; border: 1px solid #a14d00; border-radius: 10px; padding: 16px 20px; margin-bottom: 16px; }
  .due-now strong { display: block; font-size: 22px; color: #7a3a00; }
  .pay h2 { font-size: 17px; text-transform: none; letter-spacing: 0; color: #1a1b1e; margin-bottom: 12px; }
  .pay label { display: block; font-size: 14px; font-weight: 600; margin: 10px 0 4px; }
  .pay input { box-sizing: border-box; width: 100%; font: inherit; padding: 8px 10px; border: 1px solid #868e96; border-radius: 6px; }
  .pay input[aria-invalid="true"] { border-color: #c92a2a; }
  .pay .row { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
  .pay .field-error { color: #c92a2a; font-size: 13px; margin-top: 2px; }
  .pay button { margin-top: 16px; padding: 10px 18px; border: 0; border-radius: 6px; background: #4263eb; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  .pay button[disabled] { opacity: .7; cursor: progress; }
  .pay .secondary { background: #fff; color: #1a1b1e; border: 1px solid #868e96; margin-right: 8px; }
  .notice { border-radius: 8px; padding: 12px 14px; margin-top: 14px; }
  .notice.error { background: #fff5f5; border: 1px solid #c92a2a; color: #8a1c1c; }
  .notice.success { background: #ebfbee; border: 1px solid #2b7a3b; color: #1e5629; font-weight: 600; }
  .notice.info { background: #edf2ff; border: 1px solid #4263eb; }
  .test-mode { background: #f1f3f5; border-radius: 8px; padding: 10px 12px; margin-top: 14px; font-size: 13px; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
  [hidden] { display: none !important; }
  table { width: 100%; border-collapse: collapse; }
  th { text-align: left; font-size: 13px; color: #5c636a; font-weight: 600; border-bottom: 1px solid #dee2e6; padding: 8px 0; }
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
  ${
    dueNow
      ? `<section class="due-now" role="status" data-testid="amount-due-now"><strong>Amount due now: ${money(invoice.total)}</strong>The subscription is past due: pay this invoice to keep it running.</section>`
      : ''
  }
  <section class="card">
    <div class="seller">${escapeHtml(document.seller.name)}</div>
    <div class="amount">${invoice.status === 'void' ? voidHeadline : money(invoice.total)}</div>
    ${dueDate ? `<div class="due" data-testid="due-date">Due ${escapeHtml(formatInvoiceDate(dueDate))}</div>` : ''}
    <span class="badge" id="invoice-status" style="background:${statusColors[invoice.status] ?? '#5c636a'}">${invoiceStatusLabels[invoice.status]}</span>
    <div class="facts">
      <span class="muted">Invoice number</span><span>${escapeHtml(number)}</span>
      <span class="muted">Date of issue</span><span>${invoice.issuedAt ? escapeHtml(formatInvoiceDate(invoice.issuedAt)) : '—'}</span>
      ${period ? `<span class="muted">Billing period</span><span>${escapeHtml(period)}</span>` : ''}
    </div>
    <p id="payment-statement">${escapeHtml(paymentStatement(document, (amount) => formatMoney(amount, invoice.currency)))}</p>
    <a class="download" href="${escapeHtml(links.pdfHref)}" download>Download PDF</a>
  </section>
  ${payForm}
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
      ${
        invoice.appliedBalance > 0
          ? `<tr data-testid="applied-balance"><td>Applied balance</td><td class="num">−${money(invoice.appliedBalance)}</td></tr>
      <tr class="total"><td>Amount due</td><td class="num">${money(invoice.amountDue)}</td></tr>`
          : invoice.appliedBalance < 0
            ? `<tr data-testid="applied-balance"><td>Credited to the customer balance</td><td class="num">${money(-invoice.appliedBalance)}</td></tr>
      <tr class="total"><td>Amount due</td><td class="num">${money(invoice.amountDue)}</td></tr>`
            : ''
      }
    </table>
  </section>
</main>
${payForm ? `<script src="${escapeHtml(links.pay?.scriptSrc ?? '')}" defer></script>` : ''}
</body>
</html>`;
}

/**
 * The card form: its fields go only to the gateway's tokenization endpoint (the script posts the number there and
 * only the token here). A payment already waiting for the bank's confirmation opens on the confirmation step.
 */
function renderPayForm(
  pay: NonNullable<HostedPageLinks['pay']>,
  amount: string,
  payment: HostedInvoiceDocument['invoice']['payment'],
): string {
  const awaiting = payment?.status === 'requires_action' && payment.nextActionUrl ? payment.nextActionUrl : null;
  const testCards = pay.testMode
    ? `<p class="test-mode" id="test-cards-note" data-testid="test-cards-note"><strong>Test mode:</strong> no real card is charged. Use <code>4242 4242 4242 4242</code> for a card that works, <code>4000 0000 0000 0002</code> for one that is declined or <code>4000 0027 6000 3184</code> for one that asks for confirmation, with any future expiry and any CVC.</p>`
    : '';
  return `<section class="card pay" aria-labelledby="pay-title" id="pay" data-pay-url="${escapeHtml(pay.href)}" data-amount="${amount}"${
    awaiting ? ` data-next-action-url="${escapeHtml(awaiting)}"` : ''
  }>
    <h2 id="pay-title">Pay this invoice</h2>
    <form id="pay-form" novalidate${awaiting ? ' hidden' : ''}>
      <label for="card-number">Card number</label>
      <input id="card-number" name="cardnumber" autocomplete="cc-number" inputmode="numeric" placeholder="1234 1234 1234 1234" aria-describedby="card-number-error" maxlength="23">
      <div class="field-error" id="card-number-error"></div>
      <div class="row">
        <div>
          <label for="card-expiry">Expiry</label>
          <input id="card-expiry" name="exp-date" autocomplete="cc-exp" inputmode="numeric" placeholder="MM / YY" aria-describedby="card-expiry-error" maxlength="7">
          <div class="field-error" id="card-expiry-error"></div>
        </div>
        <div>
          <label for="card-cvc">CVC</label>
          <input id="card-cvc" name="cvc" autocomplete="cc-csc" inputmode="numeric" placeholder="123" aria-describedby="card-cvc-error" maxlength="4">
          <div class="field-error" id="card-cvc-error"></div>
        </div>
      </div>
      <button type="submit" id="pay-button">Pay ${amount}</button>
    </form>
    <div id="confirm-step"${awaiting ? '' : ' hidden'}>
      <p class="notice info">Your bank asks you to confirm this payment of ${amount}.</p>
      <button type="button" id="confirm-button">Confirm payment</button>
    </div>
    <div id="pay-error" class="notice error" role="alert" hidden></div>
    <div id="pay-done" class="notice success" role="status" hidden></div>
    ${testCards}
  </section>`;
}
