// A cancel was scheduled: the plan stays active until the period end, and Resume undoes it until then.
import { formatInvoiceDate } from '../../invoices/documents/invoice-text.ts';
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';

export function subscriptionEndingEmail(input: {
  workspaceName: string;
  planName: string;
  activeUntil: Date;
  billingUrl: string;
}): Promise<RenderedEmail> {
  const until = formatInvoiceDate(input.activeUntil);
  return renderEmail({
    subject: `Your ${input.planName} subscription ends on ${until}`,
    preview: `${input.planName} is active until ${until}.`,
    heading: `${input.planName} is active until ${until}`,
    paragraphs: [
      `The ${input.planName} subscription of ${input.workspaceName} was canceled. It stays active until ${until}, and is not charged again.`,
      'After that the workspace moves to the Free plan. Changed your mind? Resume the subscription from the billing page before then.',
    ],
    action: { label: 'Resume the subscription', url: input.billingUrl },
    workspaceName: input.workspaceName,
  });
}
