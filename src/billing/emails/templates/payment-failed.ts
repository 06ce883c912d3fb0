// A payment that failed: the amount, why, when it is tried again, and where to update the card; and the parts
// every failed-payment email shares (its facts, the card action, the invoice link).
import { formatMoney } from '../../../domain/money/money.ts';
import { formatInvoiceDate } from '../../invoices/documents/invoice-text.ts';
import type { RenderedEmail } from '../email-kind.ts';
import { type EmailMessage, renderEmail } from '../email-layout.ts';

export interface FailedPayment {
  workspaceName: string;
  number: string;
  amount: number;
  currency: string;
  /** The card processor's words. */
  reason: string;
  /** When the charge is tried again; null when it is not retried by itself. */
  nextRetryAt: Date | null;
  updateCardUrl: string;
  hostedUrl: string;
}

/** A failed-payment email: its own words around the invoice, amount, reason and next attempt, and the card action. */
export function failedPaymentEmail(
  input: FailedPayment,
  words: (amount: string) => Pick<EmailMessage, 'subject' | 'preview' | 'heading' | 'paragraphs'>,
): Promise<RenderedEmail> {
  const amount = formatMoney(input.amount, input.currency);
  return renderEmail({
    ...words(amount),
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

export function paymentFailedEmail(input: FailedPayment): Promise<RenderedEmail> {
  return failedPaymentEmail(input, (amount) => ({
    subject: `Payment of ${amount} failed — update your card`,
    preview: `We could not charge ${amount} for invoice ${input.number}.`,
    heading: `We could not charge ${amount}`,
    paragraphs: [
      `The payment of invoice ${input.number} for ${input.workspaceName} failed: ${input.reason}`,
      input.nextRetryAt
        ? `We will try again on ${formatInvoiceDate(input.nextRetryAt)}. Update the card before then to keep your plan.`
        : 'Update the card and pay the invoice from the billing page.',
    ],
  }));
}
