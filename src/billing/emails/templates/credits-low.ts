// The credit balance fell below the workspace's low-balance mark.
import { formatCredits } from '../../../domain/credits/credit-offer.ts';
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';

export function creditsLowEmail(input: {
  workspaceName: string;
  balance: number;
  threshold: number | null;
  billingUrl: string;
}): Promise<RenderedEmail> {
  const balance = formatCredits(input.balance);
  return renderEmail({
    subject: `Credits running low: ${balance} left`,
    preview: `${input.workspaceName} has ${balance} credits left.`,
    heading: `${balance} credits left`,
    paragraphs: [
      input.threshold === null
        ? `The credit balance of ${input.workspaceName} is running low.`
        : `The credit balance of ${input.workspaceName} fell below ${formatCredits(input.threshold)} credits.`,
      'Buy a credit pack, or turn on auto top-up, so that your product keeps running.',
    ],
    facts: [{ label: 'Balance', value: `${balance} credits` }],
    action: { label: 'Buy credits', url: input.billingUrl },
    workspaceName: input.workspaceName,
  });
}
