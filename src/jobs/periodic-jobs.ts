// Runs the server's periodic housekeeping on a timer; each job must be safe when several processes run it.
import type { FastifyBaseLogger } from 'fastify';
import type { BillfoldDb } from '../db/connection.ts';
import type { Clock } from '../domain/clock.ts';
import { purgeExpiredIdempotencyRecords } from './purge-idempotency-records.ts';

const everyHourMs = 60 * 60 * 1000;

export function startPeriodicJobs(deps: { db: BillfoldDb; clock: Clock; log: FastifyBaseLogger }): () => void {
  const run = async () => {
    try {
      const purged = await purgeExpiredIdempotencyRecords(deps.db, deps.clock);
      if (purged > 0) deps.log.info({ purged }, 'purged expired idempotency records');
    } catch (error) {
      deps.log.error({ err: error }, 'purging idempotency records failed');
    }
  };
  void run();
  const timer = setInterval(run, everyHourMs);
  timer.unref();
  return () => clearInterval(timer);
}
