// A dunning retry of an unpaid renewal failed again: which retry, the amount, why, and the next (or last) chance.
import { formatInvoiceDate } from '../../invoices/documents/invoice-text.ts';
import type { RenderedEmail } from '../email-kind.ts';
import { type FailedPayment, failedPaymentEmail } from './payment-failed.ts';

export function dunningRetryFailedEmail(
  input: FailedPayment & { retry: number; retries: number },
): Promise<RenderedEmail> {
  const last = input.retry >= input.retries - 1;
  return failedPaymentEmail(input, (amount) => ({
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
  }));
}
