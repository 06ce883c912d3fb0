// A free trial ends in 3 days: on which day, what is charged then (or that a card is needed), where to cancel.
import { formatMoney } from '../../../domain/money/money.ts';
import { formatInvoiceDate } from '../../invoices/documents/invoice-text.ts';
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';

export function trialEndingEmail(input: {
  workspaceName: string;
  planName: string;
  trialEnd: Date;
  /** What the trial's end charges; null when the subscription ends with the trial (canceled). */
  charge: { amount: number; currency: string } | null;
  hasCard: boolean;
  billingUrl: string;
}): Promise<RenderedEmail> {
  const on = formatInvoiceDate(input.trialEnd);
  const amount = input.charge && formatMoney(input.charge.amount, input.charge.currency);
  const charged = amount
    ? input.hasCard
      ? `The first period is then charged to the card on file: ${amount}.`
      : `The first period, ${amount}, is then invoiced: add a card before ${on} so it can be paid.`
    : `The subscription was canceled: it ends with the trial and nothing is charged.`;
  return renderEmail({
    subject: `Your ${input.planName} trial ends on ${on}`,
    preview: amount ? `Then ${amount} on ${on}.` : `It ends on ${on}, with nothing charged.`,
    heading: `Your ${input.planName} trial ends on ${on}`,
    paragraphs: [
      `The free ${input.planName} trial of ${input.workspaceName} ends on ${on}.`,
      charged,
      'To change the seats or the card, or to cancel with nothing charged, visit the billing page before then.',
    ],
    facts: [{ label: 'Trial ends on', value: on }, ...(amount ? [{ label: 'Then', value: amount }] : [])],
    action: { label: 'Review billing', url: input.billingUrl },
    workspaceName: input.workspaceName,
  });
}
