// Signs a webhook per the Standard Webhooks specification: HMAC-SHA256 over `${id}.${timestamp}.${body}` with
// the key the `whsec_` secret carries in base64, sent as `v1,<base64>`; while a rotated-out secret is still
// valid the header carries one signature per secret, space-separated, and a receiver accepts any of them.
import { createHmac } from 'node:crypto';

export const webhookSecretPrefix = 'whsec_';

export interface SignedMessage {
  /** The webhook-id header: the event's id, the same on every retry and replay. */
  id: string;
  /** The webhook-timestamp header, in seconds since the epoch. */
  timestamp: number;
  body: string;
}

/** The webhook-signature header value: one `v1,…` signature per secret, in the order given. */
export function webhookSignature(secrets: readonly string[], message: SignedMessage): string {
  return secrets.map((secret) => `v1,${signatureOf(secret, message)}`).join(' ');
}

function signatureOf(secret: string, { id, timestamp, body }: SignedMessage): string {
  const key = Buffer.from(
    secret.startsWith(webhookSecretPrefix) ? secret.slice(webhookSecretPrefix.length) : secret,
    'base64',
  );
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}
