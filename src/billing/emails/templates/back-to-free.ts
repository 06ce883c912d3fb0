// The last retry failed: the subscription ended and the workspace is on the Free plan; members and data stay.
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';

export function backToFreeEmail(input: {
  workspaceName: string;
  planName: string;
  planAfterName: string;
  unpaid: { number: string; amount: string } | null;
  billingUrl: string;
}): Promise<RenderedEmail> {
  return renderEmail({
    subject: `${input.workspaceName} moved to the ${input.planAfterName} plan`,
    preview: `The ${input.planName} subscription ended after the last payment retry failed.`,
    heading: `Your workspace is now on ${input.planAfterName}`,
    paragraphs: [
      input.unpaid
        ? `The last attempt to charge invoice ${input.unpaid.number} (${input.unpaid.amount}) failed, so the ${input.planName} subscription of ${input.workspaceName} has ended.`
        : `The payment of the ${input.planName} subscription of ${input.workspaceName} could not be collected, so the subscription has ended.`,
      `The workspace is on the ${input.planAfterName} plan now. Its members and data stay; invites beyond the plan's seats are refused. Subscribe again from the billing page at any time.`,
    ],
    action: { label: 'Choose a plan', url: input.billingUrl },
    workspaceName: input.workspaceName,
  });
}
