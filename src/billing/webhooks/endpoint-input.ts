// What an endpoint may be saved with: a URL webhooks may be sent to (checked against the SSRF guard), known
// event types, a short description, and at most so many endpoints per workspace. Checked before anything is
// written, so a refusal changes nothing; the API's schemas say the same, the CLI relies on these.
import { BillingError } from '../../domain/errors.ts';
import { isWebhookEventType, type WebhookEventType, webhookEventTypes } from '../events/event-types.ts';
import { checkEndpointUrl, type HostResolver } from './endpoint-address.ts';
import type { WebhookSettings } from './webhook-settings.ts';

export const maxEndpointsPerWorkspace = 16;
export const maxUrlLength = 2048;
export const maxDescriptionLength = 500;

export async function checkedUrl(
  url: string,
  settings: Pick<WebhookSettings, 'allowPrivateAddresses'>,
  resolve?: HostResolver,
): Promise<string> {
  const trimmed = url.trim();
  if (trimmed === '') throw new BillingError('invalid_request', 'The endpoint URL is required.', { param: 'url' });
  if (trimmed.length > maxUrlLength) {
    throw new BillingError('invalid_request', `The endpoint URL may be at most ${maxUrlLength} characters long.`, {
      param: 'url',
    });
  }
  await checkEndpointUrl(trimmed, settings, resolve);
  return trimmed;
}

/** The known types among `names`, in the documented order and without repeats; an unknown one is refused. */
export function checkedEventTypes(names: readonly string[]): WebhookEventType[] {
  const unknown = names.filter((name) => !isWebhookEventType(name));
  if (unknown.length > 0) {
    throw new BillingError(
      'invalid_request',
      `Unknown event type ${unknown.map((name) => `"${name}"`).join(', ')}. Known types: ${webhookEventTypes.join(', ')}.`,
      { param: 'eventTypes' },
    );
  }
  return webhookEventTypes.filter((type) => names.includes(type));
}

export function checkedDescription(description: string): string {
  const trimmed = description.trim();
  if (trimmed.length > maxDescriptionLength) {
    throw new BillingError(
      'invalid_request',
      `The description may be at most ${maxDescriptionLength} characters long.`,
      { param: 'description' },
    );
  }
  return trimmed;
}
