// Billing history is never deleted: a finalized invoice, payment attempts, the credit ledger and the audit log
// refuse DELETE, so deleting a workspace that has any fails instead of cascading to them (its FKs cascade).
import { type Kysely, sql } from 'kysely';

const kept = ['payment_attempt', 'credit_grant', 'credit_transaction', 'audit_log'] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  // Row triggers also fire for rows a cascade deletes, so this holds for `delete from organization` too.
  await sql`
    create function billing_history_refuse_delete() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'invoice' and old.status = 'draft' then
        return old;
      end if;
      raise exception '% % is billing history and is never deleted', tg_table_name, old.id
        using errcode = 'restrict_violation';
    end $$`.execute(db);
  for (const table of ['invoice', ...kept]) {
    await sql`create trigger ${sql.id(`${table}_kept`)} before delete on ${sql.table(table)}
      for each row execute function billing_history_refuse_delete()`.execute(db);
  }
}
