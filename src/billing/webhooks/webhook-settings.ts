// How this deployment delivers webhooks: which addresses endpoints may have, and the box their secrets are in.
import type { SecretBox } from './secret-box.ts';

export interface WebhookSettings {
  /** Loopback, private and link-local addresses are allowed (BILLFOLD_WEBHOOKS_ALLOW_PRIVATE). */
  allowPrivateAddresses: boolean;
  secrets: SecretBox;
}
