// Counters of declined card attempts per workspace and per client address, one row per subject and window, kept
// in the database so every server process counts against the same limit (like the sign-in limit's counters).
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('card_attempt_counter')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('card_attempt_counter_pkey', ['subject', 'window_start'])
    .execute();
  // The purge deletes by window, across subjects.
  await db.schema
    .createIndex('card_attempt_counter_window_start_idx')
    .on('card_attempt_counter')
    .column('window_start')
    .execute();
}
