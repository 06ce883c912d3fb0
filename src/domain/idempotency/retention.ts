// How long an Idempotency-Key is remembered (DESIGN.md section 4): a retry within this window replays.
import { Temporal } from 'temporal-polyfill';

export const idempotencyRetention = Temporal.Duration.from({ hours: 24 });

/**
 * A run that has not answered after this long was cut off (its process died): a retry may take the key over —
 * to run anew if nothing was committed, or to resume what was. Far longer than any request takes; configurable
 * (BILLFOLD_IDEMPOTENCY_ABANDONED_AFTER_SECONDS) so crash tests need not wait five minutes.
 */
export const defaultAbandonedAfter = Temporal.Duration.from({ minutes: 5 });
