// A canceled subscription reached its period end: the workspace moved to Free (or the plan it switched to).
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';

export function subscriptionEndedEmail(input: {
  workspaceName: string;
  planName: string;
  planAfterName: string;
  billingUrl: string;
}): Promise<RenderedEmail> {
  return renderEmail({
    subject: `Your ${input.planName} subscription has ended`,
    preview: `${input.workspaceName} is on ${input.planAfterName} now.`,
    heading: `${input.planName} has ended`,
    paragraphs: [
      `The ${input.planName} subscription of ${input.workspaceName} ended at the end of its period, as scheduled.`,
      `The workspace is on the ${input.planAfterName} plan now; its members and data stay.`,
    ],
    action: { label: 'Open billing', url: input.billingUrl },
    workspaceName: input.workspaceName,
  });
}
