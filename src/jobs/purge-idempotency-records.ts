// Deletes idempotency records past their 24-hour retention. Safe to run from any number of processes at once.
import type { BillingDeps } from '../billing/deps.ts';
import { purgeIdempotencyRecordsBefore } from '../billing/idempotency/idempotency-records.queries.ts';
import { type Clock, toDate } from '../domain/clock.ts';
import { idempotencyRetention } from '../domain/idempotency/retention.ts';

export function purgeExpiredIdempotencyRecords(db: BillingDeps['db'], clock: Clock): Promise<number> {
  return purgeIdempotencyRecordsBefore(db, toDate(clock.now().subtract(idempotencyRetention)));
}
