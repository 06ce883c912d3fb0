// How long an Idempotency-Key is remembered (DESIGN.md section 4): a retry within this window replays.
import { Temporal } from 'temporal-polyfill';

export const idempotencyRetention = Temporal.Duration.from({ hours: 24 });
