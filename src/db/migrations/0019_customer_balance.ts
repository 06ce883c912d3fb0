// The customer balance (docs/decisions/023): an append-only ledger per workspace, each entry with the balance after
// it (negative: credit the workspace holds), credited by credit notes and drawn on by finalized invoices; and on
// each invoice what the balance paid of it.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customer_balance_transaction')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The ledger's order: entries of one workspace are written under its workspace lock.
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('credit_note', 'applied_to_invoice', 'invoice_credit')`),
    )
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount <> 0`))
    .addColumn('balance_after', 'bigint', (c) => c.notNull().check(sql`balance_after <= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('credit_note_id', 'text', (c) => c.unique().references('credit_note.id'))
    .addColumn('invoice_id', 'text', (c) => c.unique().references('invoice.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index customer_balance_transaction_workspace_idx
    on customer_balance_transaction (workspace_id, seq)`.execute(db);

  // Append-only, like the credit ledger: a correction is a new entry.
  await sql`
    create function customer_balance_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'customer balance entry % is never changed or deleted', old.id using errcode = 'restrict_violation';
    end $$`.execute(db);
  await sql`create trigger customer_balance_transaction_append_only before update or delete
    on customer_balance_transaction for each row execute function customer_balance_refuse_change()`.execute(db);

  await db.schema
    .alterTable('invoice')
    // Negative when the invoice's own negative total (a downgrade's credit) went to the balance.
    .addColumn('applied_balance', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
