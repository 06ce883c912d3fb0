// Card-testing protection around one card attempt (a tokenization or an attach): the attempt is counted against
// its workspace and client address before the card processor sees it and refused with 429 past the limit; it is
// taken back unless the card was declined, so a good card never uses up anyone's limit.
import type { BillfoldDb } from '../../db/connection.ts';
import { type Clock, toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import {
  type CardAttemptLimit,
  cardAttemptVerdict,
  cardAttemptWindowAt,
} from '../../domain/payment-methods/card-attempt-limit.ts';
import type { CardAttemptSubject } from '../../domain/payment-methods/card-attempt-subject.ts';
import { countCardAttempt, uncountCardAttempt } from './card-attempts.queries.ts';

export interface CardAttemptDeps {
  db: BillfoldDb;
  /** Real time: a workspace's test clock must not move its own limit's window. */
  wallClock: Clock;
  cardAttemptLimit: CardAttemptLimit;
}

/** Runs `attempt` unless a subject is past the limit (then 429, and the processor is never asked). */
export async function guardCardAttempt<Outcome>(
  deps: CardAttemptDeps,
  subjects: readonly CardAttemptSubject[],
  attempt: () => Promise<Outcome>,
  isDeclined: (outcome: Outcome) => boolean,
): Promise<Outcome> {
  const now = deps.wallClock.now();
  const window = cardAttemptWindowAt(now, deps.cardAttemptLimit);
  const windowStart = toDate(window.start);
  // Counted first, decided on the count it returns: attempts sent at once each see their own place in line.
  const counts = await countCardAttempt(deps.db, subjects, windowStart);
  const verdict = cardAttemptVerdict(Math.max(...counts.values()), window, now, deps.cardAttemptLimit);
  if (!verdict.allowed) {
    // A refused attempt never reached the processor, so it does not count against the other subject either.
    await uncountCardAttempt(deps.db, subjects, windowStart);
    const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
    throw new BillingError(
      'rate_limited',
      `Too many declined card attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, ` +
        `after ${verdict.retryAt.toString()}.`,
      { details: { retryAfterSeconds: verdict.retryAfterSeconds } },
    );
  }
  let declined = false;
  try {
    const outcome = await attempt();
    declined = isDeclined(outcome);
    return outcome;
  } finally {
    // A good card, or a processor that could not answer, is no sign of card testing.
    if (!declined) await uncountCardAttempt(deps.db, subjects, windowStart);
  }
}
