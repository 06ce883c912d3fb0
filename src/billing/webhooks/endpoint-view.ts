// What an endpoint is shown as (API, page, CLI): its subscription and state, and when a rotated-out secret stops
// working; never a secret, which only the answers to creating and rotating carry.
import type { WebhookEndpoint } from './webhook-endpoints.queries.ts';

export type EndpointStatus = 'enabled' | 'disabled' | 'failing';

export interface EndpointView {
  id: string;
  url: string;
  description: string;
  /** Empty: every event type. */
  eventTypes: string[];
  enabled: boolean;
  /** Disabled by its managers; failing: enabled, but a delivery ran out of retries (see failingSince). */
  status: EndpointStatus;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Until when the secret before the last rotation is still accepted; null when it no longer is. */
  secretRotatedUntil: Date | null;
}

/** The view of an endpoint, and a secret's answer: the view with the secret, shown this once. */
export type EndpointWithSecret = EndpointView & { secret: string };

export function endpointViewOf(endpoint: WebhookEndpoint, now: Date): EndpointView {
  const previousUntil = endpoint.previousSecretExpiresAt;
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    status: !endpoint.enabled ? 'disabled' : endpoint.failingSince ? 'failing' : 'enabled',
    failingSince: endpoint.failingSince,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
    secretRotatedUntil: previousUntil && previousUntil.getTime() > now.getTime() ? previousUntil : null,
  };
}
