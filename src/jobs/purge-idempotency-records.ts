// Deletes idempotency records past their 24-hour retention. Safe to run from any number of processes at once.
import type { BillfoldDb } from '../db/connection.ts';
import { type Clock, toDate } from '../domain/clock.ts';
import { idempotencyRetention } from '../domain/idempotency/retention.ts';

export async function purgeExpiredIdempotencyRecords(db: BillfoldDb, clock: Clock): Promise<number> {
  const cutoff = toDate(clock.now().subtract(idempotencyRetention));
  const result = await db.deleteFrom('idempotency_record').where('created_at', '<=', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
