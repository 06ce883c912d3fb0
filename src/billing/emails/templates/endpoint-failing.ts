// The email telling billing managers a webhook endpoint has failed every delivery for a day and is marked failing.
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';

export function endpointFailingEmail(input: {
  workspaceName: string;
  url: string;
  developersUrl: string;
}): Promise<RenderedEmail> {
  return renderEmail({
    subject: `Webhook endpoint failing: ${input.url}`,
    preview: `Deliveries to ${input.url} keep failing.`,
    heading: 'A webhook endpoint is failing',
    paragraphs: [
      `Deliveries to ${input.url} have failed for more than 24 hours, so Billfold marked the endpoint as failing.`,
      'Events are kept: once the endpoint answers again, replay the failed deliveries from the delivery log.',
    ],
    action: { label: 'Open the delivery log', url: input.developersUrl },
    workspaceName: input.workspaceName,
  });
}
