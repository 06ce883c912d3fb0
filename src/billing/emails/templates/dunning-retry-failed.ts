// A dunning retry of an unpaid renewal failed again: which retry, the amount, why, and the next (or last) chance.
import { formatMoney } from '../../../domain/money/money.ts';
import { formatInvoiceDate } from '../../invoices/documents/invoice-text.ts';
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';
import type { FailedPayment } from './payment-failed.ts';

export function dunningRetryFailedEmail(
  input: FailedPayment & { retry: number; retries: number },
): Promise<RenderedEmail> {
  const amount = formatMoney(input.amount, input.currency);
  const last = input.retry >= input.retries - 1;
  return renderEmail({
    subject: `Retry ${input.retry} of ${input.retries} failed: ${amount} still due`,
    preview: `Invoice ${input.number} is still unpaid.`,
    heading: `${amount} is still due`,
    paragraphs: [
      `We tried again to charge invoice ${input.number} for ${input.workspaceName} (retry ${input.retry} of ${input.retries}), and it failed: ${input.reason}`,
      input.nextRetryAt
        ? `${last ? 'The last attempt' : 'The next attempt'} is on ${formatInvoiceDate(input.nextRetryAt)}.` +
          (last ? ' If it fails, the workspace moves to the Free plan.' : '')
        : 'Update the card and pay the invoice from the billing page.',
    ],
    facts: [
      { label: 'Invoice', value: input.number },
      { label: 'Amount due', value: amount },
      { label: 'Reason', value: input.reason },
      ...(input.nextRetryAt ? [{ label: 'Next attempt', value: formatInvoiceDate(input.nextRetryAt) }] : []),
    ],
    action: { label: 'Update the card', url: input.updateCardUrl },
    footnote: `The invoice: ${input.hostedUrl}`,
    workspaceName: input.workspaceName,
  });
}
