// Deletes the declined-card-attempt counters of windows that have ended: they no longer limit anyone. Safe to run
// from any number of processes at once.
import type { CardAttemptDeps } from '../billing/payment-methods/card-attempt-guard.ts';
import { purgeCardAttemptCounters } from '../billing/payment-methods/card-attempts.queries.ts';
import { toDate } from '../domain/clock.ts';
import { cardAttemptWindowAt } from '../domain/payment-methods/card-attempt-limit.ts';

export async function purgeEndedCardAttemptCounters(deps: CardAttemptDeps): Promise<number> {
  const current = cardAttemptWindowAt(deps.wallClock.now(), deps.cardAttemptLimit);
  return purgeCardAttemptCounters(deps.db, toDate(current.start));
}
