// What a request whose Idempotency-Key is already on record gets (docs/decisions/009): the kept answer, a 422 for
// another request under the key, a 409 while a run holds it, or the key itself — to run anew only when nothing
// was committed under it, or to resume a committed run whose route can pick up what that run wrote.
import { Temporal } from 'temporal-polyfill';

export interface KeptRequest {
  state: 'running' | 'committed' | 'completed';
  fingerprint: string;
  createdAt: Temporal.Instant;
  /** When the current run took the key; null once that run gave up (answered 5xx after committing). */
  claimedAt: Temporal.Instant | null;
}

export interface RetryCircumstances {
  now: Temporal.Instant;
  fingerprint: string;
  retention: Temporal.Duration;
  abandonedAfter: Temporal.Duration;
  /** The route can finish a committed run from what it wrote (it finds its invoice or payment by the key). */
  resumable: boolean;
}

export type RetryDecision =
  | { kind: 'expired' }
  | { kind: 'reused' }
  | { kind: 'replay' }
  | { kind: 'in_progress' }
  | { kind: 'take_over' }
  | { kind: 'unanswered' };

export function decideRetry(kept: KeptRequest, c: RetryCircumstances): RetryDecision {
  if (Temporal.Instant.compare(kept.createdAt, c.now.subtract(c.retention)) <= 0) return { kind: 'expired' };
  if (kept.fingerprint !== c.fingerprint) return { kind: 'reused' };
  if (kept.state === 'completed') return { kind: 'replay' };
  const held =
    kept.claimedAt !== null && Temporal.Instant.compare(kept.claimedAt, c.now.subtract(c.abandonedAfter)) > 0;
  if (held) return { kind: 'in_progress' };
  // The run that held the key is gone. Nothing it wrote committed: run the request as if new.
  if (kept.state === 'running') return { kind: 'take_over' };
  // It committed something and never answered: never run it twice — resume it, or say so.
  return c.resumable ? { kind: 'take_over' } : { kind: 'unanswered' };
}
