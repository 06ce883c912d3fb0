// What the Developers page reads from /v1: API keys, webhook endpoints, their delivery log and the event types.

export type ApiKeyScope = 'billing:read' | 'billing:write' | 'members:read' | 'members:manage' | 'credits:consume';

export interface ApiKey {
  id: string;
  name: string;
  /** The token's first characters, to recognize the key; the token itself is never listed. */
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  createdBy: { userId: string; name: string; email: string } | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What creating a key answers: the token, this once. */
export interface CreatedApiKey {
  id: string;
  name: string;
  token: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  /** Empty: every event type. */
  eventTypes: string[];
  enabled: boolean;
  status: 'enabled' | 'disabled' | 'failing';
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
  /** After a rotation: until when the previous secret still signs deliveries beside the new one. */
  secretRotatedUntil: string | null;
}

/** Creating an endpoint and rotating its secret answer the signing secret, this once. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  responseStatus: number | null;
  durationMs: number | null;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  error: string | null;
  responseBody: string | null;
  replayOf: string | null;
}

export interface WebhookEventType {
  type: string;
  description: string;
}
