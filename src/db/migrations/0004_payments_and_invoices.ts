// Payment methods, billing details, invoices (lines, gap-less number counter), payment attempts and the
// event outbox. A trigger keeps finalized invoices immutable, whatever code path touches them.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('payment_method')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('gateway_ref', 'text', (c) => c.notNull())
    .addColumn('brand', 'text', (c) => c.notNull())
    .addColumn('last4', 'text', (c) => c.notNull())
    .addColumn('exp_month', 'integer', (c) => c.notNull())
    .addColumn('exp_year', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('removed_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('payment_method_workspace_idx')
    .on('payment_method')
    .columns(['workspace_id', 'id'])
    .execute();
  await db.schema
    .alterTable('workspace_billing')
    .addColumn('default_payment_method_id', 'text', (c) => c.references('payment_method.id'))
    .execute();

  await db.schema
    .createTable('billing_details')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('organization.id').onDelete('cascade'))
    .addColumn('legal_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('address_line1', 'text', (c) => c.notNull())
    .addColumn('address_line2', 'text')
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('tax_id', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invoice_number_counter')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invoice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('number', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'open', 'paid', 'void', 'uncollectible')`),
    )
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate', 'jsonb')
    .addColumn('period_start', 'timestamptz')
    .addColumn('period_end', 'timestamptz')
    .addColumn('buyer', 'jsonb')
    .addColumn('payment_method', 'jsonb')
    .addColumn('hosted_token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz')
    .addColumn('paid_at', 'timestamptz')
    .addColumn('voided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('invoice_workspace_idx').on('invoice').columns(['workspace_id', 'id']).execute();

  await db.schema
    .createTable('invoice_line')
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoice.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_amount', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('period_start', 'timestamptz')
    .addColumn('period_end', 'timestamptz')
    .addColumn('proration', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_line_pkey', ['invoice_id', 'position'])
    .execute();

  await db.schema
    .createTable('payment_attempt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoice.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('payment_method_id', 'text', (c) => c.notNull().references('payment_method.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'requires_action', 'succeeded', 'failed')`),
    )
    .addColumn('gateway_charge_ref', 'text')
    .addColumn('next_action_url', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('payment_attempt_invoice_idx')
    .on('payment_attempt')
    .columns(['invoice_id', 'id'])
    .execute();
  // At most one unresolved attempt per invoice: a second concurrent "pay" fails here instead of charging again.
  await sql`create unique index payment_attempt_one_unresolved_per_invoice
    on payment_attempt (invoice_id) where status in ('pending', 'requires_action')`.execute(db);
  await sql`create unique index payment_attempt_one_success_per_invoice
    on payment_attempt (invoice_id) where status = 'succeeded'`.execute(db);
  await sql`create index payment_attempt_pending_idx on payment_attempt (created_at) where status = 'pending'`.execute(
    db,
  );

  await db.schema
    .createTable('outbox_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('outbox_event_workspace_idx')
    .on('outbox_event')
    .columns(['workspace_id', 'id'])
    .execute();

  // A finalized invoice is a legal document: its lines and amounts never change after finalizing.
  await sql`
    create function invoice_refuse_change_after_finalize() returns trigger language plpgsql as $$
    begin
      if old.status <> 'draft' and (
           new.number is distinct from old.number or new.currency is distinct from old.currency
        or new.subtotal is distinct from old.subtotal or new.tax is distinct from old.tax
        or new.total is distinct from old.total or new.tax_rate is distinct from old.tax_rate
        or new.buyer is distinct from old.buyer or new.issued_at is distinct from old.issued_at
        or new.period_start is distinct from old.period_start or new.period_end is distinct from old.period_end
        or new.workspace_id is distinct from old.workspace_id or new.hosted_token is distinct from old.hosted_token
        or new.status = 'draft') then
        raise exception 'invoice % is finalized and cannot change', old.id using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger invoice_immutable_after_finalize before update on invoice
    for each row execute function invoice_refuse_change_after_finalize()`.execute(db);
  await sql`
    create function invoice_line_refuse_change_after_finalize() returns trigger language plpgsql as $$
    declare parent_status text;
    begin
      select status into parent_status from invoice where id = coalesce(new.invoice_id, old.invoice_id);
      if parent_status is not null and parent_status <> 'draft' then
        raise exception 'lines of a finalized invoice cannot change' using errcode = 'check_violation';
      end if;
      return coalesce(new, old);
    end $$`.execute(db);
  await sql`create trigger invoice_line_immutable_after_finalize before insert or update or delete on invoice_line
    for each row execute function invoice_line_refuse_change_after_finalize()`.execute(db);
}
