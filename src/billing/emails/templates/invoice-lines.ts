// An invoice's lines and total as a billing email lists them, money formatted as on the page.
import { formatMoney } from '../../../domain/money/money.ts';
import type { InvoiceView } from '../../invoices/invoice-view.ts';
import type { EmailMessage } from '../email-layout.ts';

export function invoiceLinesOf(invoice: InvoiceView): NonNullable<EmailMessage['lines']> {
  const money = (amount: number) => formatMoney(amount, invoice.currency);
  const rows = invoice.lines.map((line) => ({
    description: line.quantity > 1 ? `${line.description} × ${line.quantity}` : line.description,
    amount: money(line.amount),
  }));
  if (invoice.tax !== 0) rows.push({ description: 'Tax', amount: money(invoice.tax) });
  return { rows, total: money(invoice.total) };
}
