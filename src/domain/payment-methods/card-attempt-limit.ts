// The card-testing rule: how many declined or invalid card attempts a workspace or a client address may make in
// a fixed window, and whether the next one is refused, with when it may try again.
import { Temporal } from 'temporal-polyfill';

export interface CardAttemptLimit {
  /** Declined or invalid attempts allowed per window, per workspace and per client address. */
  attempts: number;
  window: Temporal.Duration;
}

/**
 * 10 an hour: a cardholder who mistypes a number, hits an expired card and tries a second card stays far below
 * it, while a card tester, who needs hundreds of tries to find live numbers, gets about ten an hour.
 */
export const defaultCardAttemptLimit: CardAttemptLimit = {
  attempts: 10,
  window: Temporal.Duration.from({ hours: 1 }),
};

export interface CardAttemptWindow {
  start: Temporal.Instant;
  end: Temporal.Instant;
}

/** Windows are aligned to the epoch, so every server process agrees on the current one without talking. */
export function cardAttemptWindowAt(now: Temporal.Instant, limit: CardAttemptLimit): CardAttemptWindow {
  const windowMs = limit.window.total('milliseconds');
  const startMs = Math.floor(now.epochMilliseconds / windowMs) * windowMs;
  return {
    start: Temporal.Instant.fromEpochMilliseconds(startMs),
    end: Temporal.Instant.fromEpochMilliseconds(startMs + windowMs),
  };
}

export type CardAttemptVerdict =
  | { allowed: true }
  | { allowed: false; retryAt: Temporal.Instant; retryAfterSeconds: number };

/**
 * Whether an attempt may go to the card processor. `counted` is the subject's attempts in the window including
 * this one: attempts are counted before the card is tried, so attempts sent at once cannot all slip under.
 */
export function cardAttemptVerdict(
  counted: number,
  window: CardAttemptWindow,
  now: Temporal.Instant,
  limit: CardAttemptLimit,
): CardAttemptVerdict {
  if (counted <= limit.attempts) return { allowed: true };
  const untilEndMs = window.end.epochMilliseconds - now.epochMilliseconds;
  return { allowed: false, retryAt: window.end, retryAfterSeconds: Math.max(1, Math.ceil(untilEndMs / 1000)) };
}
