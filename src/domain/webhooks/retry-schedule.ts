// When a webhook delivery that did not succeed is tried again: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
// 10 h (eight attempts over more than 24 hours), each wait spread by ±10 % so that the deliveries of an
// endpoint that was down do not all come back at the same instant.

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** The waits after the 1st, 2nd, … failed attempt. */
export const webhookRetryDelaysMs: readonly number[] = [
  5 * second,
  5 * minute,
  30 * minute,
  2 * hour,
  5 * hour,
  10 * hour,
  10 * hour,
];

/** The first attempt and one per retry. */
export const webhookMaxAttempts = webhookRetryDelaysMs.length + 1;

export const webhookRetryJitter = 0.1;

/**
 * The wait before the next attempt once `attemptsMade` attempts (counting the first) have failed, or null when
 * none is left and the delivery has failed. `random` is in [0, 1) (Math.random()): 0 waits 10 % less, 0.5 the
 * nominal time, just under 1 almost 10 % more.
 */
export function nextWebhookRetryDelayMs(attemptsMade: number, random: number): number | null {
  const nominal = webhookRetryDelaysMs[attemptsMade - 1];
  if (nominal === undefined || attemptsMade < 1) return null;
  const spread = Math.min(Math.max(random, 0), 1) * 2 - 1;
  return Math.round(nominal * (1 + webhookRetryJitter * spread));
}
