// How long an Idempotency-Key is remembered (DESIGN.md section 4): a retry within this window replays.
import { Temporal } from 'temporal-polyfill';

export const idempotencyRetention = Temporal.Duration.from({ hours: 24 });

/**
 * A request still "running" after this long was cut off (its process died): a retry with the same key runs it
 * again instead of waiting out the 24 hours. Far longer than any request takes.
 */
export const abandonedRequestAfter = Temporal.Duration.from({ minutes: 5 });
