// SQL for the declined-card-attempt counters: count an attempt against each subject in one atomic upsert, take
// back attempts that turned out not to be declined, and purge the counters of windows that have ended.
import type { BillfoldDb } from '../../db/connection.ts';
import type { CardAttemptSubject } from '../../domain/payment-methods/card-attempt-subject.ts';

/** Adds one attempt to each subject's counter for the window; returns each subject's count including it. */
export async function countCardAttempt(
  db: BillfoldDb,
  subjects: readonly CardAttemptSubject[],
  windowStart: Date,
): Promise<Map<string, number>> {
  // One statement, rows in one order: concurrent attempts lock the counters in the same order and never deadlock.
  const rows = await db
    .insertInto('card_attempt_counter')
    .values([...subjects].sort().map((subject) => ({ subject, window_start: windowStart, attempts: 1 })))
    .onConflict((oc) =>
      oc.columns(['subject', 'window_start']).doUpdateSet((eb) => ({
        attempts: eb('card_attempt_counter.attempts', '+', 1),
      })),
    )
    .returning(['subject', 'attempts'])
    .execute();
  return new Map(rows.map((row) => [row.subject, row.attempts]));
}

/** Takes back one attempt from each subject's counter for the window. */
export async function uncountCardAttempt(
  db: BillfoldDb,
  subjects: readonly CardAttemptSubject[],
  windowStart: Date,
): Promise<void> {
  await db
    .updateTable('card_attempt_counter')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('subject', 'in', [...subjects].sort())
    .where('window_start', '=', windowStart)
    .execute();
}

/** Deletes the counters of windows that started before `before`; returns how many. */
export async function purgeCardAttemptCounters(db: BillfoldDb, before: Date): Promise<number> {
  const result = await db.deleteFrom('card_attempt_counter').where('window_start', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
