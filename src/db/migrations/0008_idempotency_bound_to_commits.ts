// Binds an Idempotency-Key to what its request committed (docs/decisions/009): a claim token that every write
// transaction of the request checks and marks `committed`, so a key whose request reached a side effect is never
// run again; and the request a charge-bearing invoice or payment attempt came from, so a retry resumes it.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table idempotency_record drop constraint if exists idempotency_record_state_check`.execute(db);
  await sql`alter table idempotency_record add constraint idempotency_record_state_check
    check (state in ('running', 'committed', 'completed'))`.execute(db);
  await db.schema
    .alterTable('idempotency_record')
    // Whose run this is: taken anew when a retry takes over an abandoned run (rows from before: created_at).
    .addColumn('claim_token', 'text')
    .addColumn('claimed_at', 'timestamptz')
    // Set when a run that committed something answered 5xx: no run holds the key, a retry may resume at once.
    .addColumn('given_up_at', 'timestamptz')
    .execute();

  for (const table of ['invoice', 'payment_attempt']) {
    await db.schema.alterTable(table).addColumn('request_ref', 'text').execute();
    await sql`create unique index ${sql.raw(`${table}_request_ref_idx`)} on ${sql.table(table)} (workspace_id, request_ref)
      where request_ref is not null`.execute(db);
  }
}
