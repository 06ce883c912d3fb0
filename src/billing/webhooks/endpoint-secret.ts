// A new endpoint signing secret in the Standard Webhooks form, `whsec_` + base64 of 32 random bytes, and how long
// the one it replaces keeps working after a rotation (receivers switch over without dropping a delivery).
import { randomBytes } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';

const secretPrefix = 'whsec_';

/** The whole string, prefix included, is what is sealed and what signs (the standardwebhooks packages take it so). */
export function newEndpointSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString('base64')}`;
}

export const previousSecretGrace = Temporal.Duration.from({ hours: 24 });
