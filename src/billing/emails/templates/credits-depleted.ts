// The credit balance reached zero: debits are refused until credits arrive.
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';

export function creditsDepletedEmail(input: { workspaceName: string; billingUrl: string }): Promise<RenderedEmail> {
  return renderEmail({
    subject: `${input.workspaceName} is out of credits`,
    preview: 'The credit balance reached zero.',
    heading: 'Out of credits',
    paragraphs: [
      `The credit balance of ${input.workspaceName} reached zero, so your product's requests that consume credits are refused.`,
      'Buy a credit pack to continue, or turn on auto top-up so it does not happen again.',
    ],
    facts: [{ label: 'Balance', value: '0 credits' }],
    action: { label: 'Buy credits', url: input.billingUrl },
    workspaceName: input.workspaceName,
  });
}
