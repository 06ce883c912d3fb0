// Refunds and credit notes (docs/decisions/022): a refund row written before the gateway is asked (its id is the
// refund's idempotency key there), and the credit note it issues once refunded, numbered gap-less CN-000001 from
// one counter row, immutable and never deleted, like a finalized invoice.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credit_note_number_counter')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('credit_note')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoice.id'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull().check(sql`subtotal >= 0`))
    .addColumn('tax', 'bigint', (c) => c.notNull().check(sql`tax >= 0`))
    .addColumn('total', 'bigint', (c) => c.notNull().check(sql`total > 0`))
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`reason in ('duplicate', 'fraudulent', 'requested_by_customer', 'other')`),
    )
    .addColumn('memo', 'text')
    // Where the money went back: to the card that paid the invoice, or to the workspace's customer balance.
    .addColumn('credited_to', 'text', (c) => c.notNull().check(sql`credited_to in ('card', 'balance')`))
    .addColumn('lines', 'jsonb', (c) => c.notNull())
    .addColumn('hosted_token', 'text', (c) => c.notNull().unique())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_note_workspace_idx').on('credit_note').columns(['workspace_id', 'id']).execute();
  await db.schema.createIndex('credit_note_invoice_idx').on('credit_note').columns(['invoice_id', 'id']).execute();

  await db.schema
    .createTable('refund')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoice.id'))
    // The succeeded charge refunded (null for a refund to the balance).
    .addColumn('payment_attempt_id', 'text', (c) => c.references('payment_attempt.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('memo', 'text')
    .addColumn('credited_to', 'text', (c) => c.notNull().check(sql`credited_to in ('card', 'balance')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'succeeded')`))
    .addColumn('gateway_refund_ref', 'text')
    .addColumn('credit_note_id', 'text', (c) => c.unique().references('credit_note.id'))
    .addColumn('actor_type', 'text', (c) => c.notNull().check(sql`actor_type in ('user', 'api_key', 'system')`))
    .addColumn('actor_id', 'text')
    .addColumn('request_ref', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('refund_invoice_idx').on('refund').columns(['invoice_id', 'id']).execute();
  await sql`create index refund_pending_idx on refund (created_at) where status = 'pending'`.execute(db);
  await sql`create unique index refund_request_ref_idx on refund (workspace_id, request_ref)`.execute(db);

  // A credit note is a legal document, like a finalized invoice: never changed, never deleted.
  await sql`
    create function credit_note_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'credit note % is issued and cannot change', old.id using errcode = 'check_violation';
    end $$`.execute(db);
  await sql`create trigger credit_note_immutable before update on credit_note
    for each row execute function credit_note_refuse_change()`.execute(db);
  await sql`
    create function credit_history_refuse_delete() returns trigger language plpgsql as $$
    begin
      raise exception '% % is billing history and is never deleted', tg_table_name, old.id
        using errcode = 'restrict_violation';
    end $$`.execute(db);
  for (const table of ['credit_note', 'refund']) {
    await sql`create trigger ${sql.id(`${table}_kept`)} before delete on ${sql.table(table)}
      for each row execute function credit_history_refuse_delete()`.execute(db);
  }
}
