// The receipt of a paid invoice: the amount, its lines, the card, a link to the hosted page (the PDF is attached).
import { formatMoney } from '../../../domain/money/money.ts';
import { cardLabel, formatInvoiceDate } from '../../invoices/documents/invoice-text.ts';
import type { InvoiceView } from '../../invoices/invoice-view.ts';
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';
import { invoiceLinesOf } from './invoice-lines.ts';

export function receiptEmail(input: { workspaceName: string; invoice: InvoiceView }): Promise<RenderedEmail> {
  const { invoice } = input;
  const amount = formatMoney(invoice.total, invoice.currency);
  const number = invoice.number ?? invoice.id;
  const facts = [
    { label: 'Invoice', value: number },
    { label: 'Amount paid', value: amount },
    ...(invoice.paidAt ? [{ label: 'Paid on', value: formatInvoiceDate(invoice.paidAt) }] : []),
    ...(invoice.paymentMethod ? [{ label: 'Paid with', value: cardLabel(invoice.paymentMethod) }] : []),
  ];
  return renderEmail({
    subject: `Receipt for ${amount} — invoice ${number}`,
    preview: `${input.workspaceName} paid ${amount}.`,
    heading: `Payment received: ${amount}`,
    paragraphs: [`Thank you. ${input.workspaceName} paid invoice ${number}; the invoice is attached as a PDF.`],
    facts,
    lines: invoiceLinesOf(invoice),
    action: { label: 'View the invoice', url: invoice.hostedUrl },
    workspaceName: input.workspaceName,
  });
}
