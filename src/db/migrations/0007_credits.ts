// Credits: append-only grants and ledger, one wallet row per workspace that debits lock (docs/decisions/007),
// consumption per day for the page's chart, and credit purchases waiting for their invoice to be paid.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credit_account')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('organization.id').onDelete('cascade'))
    .addColumn('balance', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`balance >= 0`))
    // What is left of each unexpired grant, in drawdown order; the balance is their sum.
    .addColumn('open_grants', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('next_expiry_at', 'timestamptz')
    .addColumn('period_start', 'timestamptz', (c) => c.notNull())
    .addColumn('period_consumed', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('low_balance_threshold', 'bigint')
    .addColumn('auto_top_up_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('auto_top_up_pack_id', 'text')
    .addColumn('auto_top_up_threshold', 'bigint')
    .addColumn('auto_top_up_armed', 'boolean', (c) => c.notNull().defaultTo(true))
    // Debits since the last batched credits.consumed event.
    .addColumn('unreported_credits', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('unreported_debits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index credit_account_next_expiry_idx on credit_account (next_expiry_at)
    where next_expiry_at is not null`.execute(db);

  await db.schema
    .createTable('credit_grant')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('plan_period', 'purchase', 'promo', 'adjustment')`),
    )
    .addColumn('credits', 'bigint', (c) => c.notNull().check(sql`credits > 0`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // The invoice that paid for it: one grant per paid invoice, however often its payment is recorded.
    .addColumn('invoice_id', 'text', (c) => c.unique().references('invoice.id'))
    .addColumn('subscription_id', 'text', (c) => c.references('subscription.id'))
    .execute();
  await sql`create index credit_grant_workspace_idx on credit_grant (workspace_id, id)`.execute(db);

  await db.schema
    .createTable('credit_transaction')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The ledger's order: entries of one workspace are written under its wallet lock, so this only grows for
    // each workspace, even with several server processes (whose ids may interleave within a millisecond).
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('grant', 'debit', 'expiry', 'adjustment')`))
    .addColumn('credits', 'bigint', (c) => c.notNull())
    .addColumn('balance_after', 'bigint', (c) => c.notNull().check(sql`balance_after >= 0`))
    .addColumn('grant_id', 'text', (c) => c.references('credit_grant.id'))
    .addColumn('drawn_from', 'jsonb')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('metadata', 'jsonb')
    .addColumn('actor_type', 'text', (c) => c.notNull().check(sql`actor_type in ('user', 'api_key', 'system')`))
    .addColumn('actor_id', 'text')
    .addColumn('idempotency_key', 'text')
    // What the keyed request asked for, so a reuse of its key for another request is told apart.
    .addColumn('request_fingerprint', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index credit_transaction_idempotency_idx
    on credit_transaction (workspace_id, idempotency_key)`.execute(db);
  await sql`create index credit_transaction_workspace_idx on credit_transaction (workspace_id, seq)`.execute(db);

  await db.schema
    .createTable('credit_usage_day')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('credits', 'bigint', (c) => c.notNull())
    .addColumn('debits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('credit_usage_day_pk', ['workspace_id', 'day'])
    .execute();

  await db.schema
    .createTable('credit_purchase')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('invoice_id', 'text', (c) => c.unique().references('invoice.id'))
    .addColumn('pack_id', 'text')
    .addColumn('credits', 'bigint', (c) => c.notNull().check(sql`credits > 0`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('manual', 'auto_top_up')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('requested', 'pending', 'granted', 'failed')`))
    .addColumn('failure_message', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('settled_at', 'timestamptz')
    .execute();
  await sql`create index credit_purchase_requested_idx on credit_purchase (created_at)
    where status = 'requested'`.execute(db);

  await sql`alter table invoice drop constraint invoice_billing_reason_check`.execute(db);
  await sql`alter table invoice add constraint invoice_billing_reason_check check (billing_reason in
    ('manual', 'subscription_create', 'subscription_update', 'seats', 'subscription_cycle', 'credit_purchase'))`.execute(
    db,
  );
}
