// A yearly subscription renews within 7 days: on which day, for how much, and where to change it first.
import { formatMoney } from '../../../domain/money/money.ts';
import { formatInvoiceDate } from '../../invoices/documents/invoice-text.ts';
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';

export function renewalReminderEmail(input: {
  workspaceName: string;
  planName: string;
  renewsAt: Date;
  charge: { amount: number; currency: string } | null;
  billingUrl: string;
}): Promise<RenderedEmail> {
  const on = formatInvoiceDate(input.renewsAt);
  const amount = input.charge && formatMoney(input.charge.amount, input.charge.currency);
  return renderEmail({
    subject: `Your yearly ${input.planName} subscription renews on ${on}`,
    preview: amount ? `${amount} will be charged on ${on}.` : `It renews on ${on}.`,
    heading: `${input.planName} renews on ${on}`,
    paragraphs: [
      amount
        ? `The yearly ${input.planName} subscription of ${input.workspaceName} renews on ${on}, and the card on file is charged ${amount}.`
        : `The yearly ${input.planName} subscription of ${input.workspaceName} renews on ${on}.`,
      'To change the plan, the seats or the card, or to cancel, visit the billing page before then.',
    ],
    facts: [{ label: 'Renews on', value: on }, ...(amount ? [{ label: 'Amount', value: amount }] : [])],
    action: { label: 'Review billing', url: input.billingUrl },
    workspaceName: input.workspaceName,
  });
}
