// Subscriptions (the price snapshot they were bought at, their period, scheduled change and dunning state),
// changes waiting for their invoice to be paid, test clocks, and what each invoice was issued for.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('test_clock')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().unique().references('organization.id').onDelete('cascade'))
    .addColumn('frozen_time', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('workspace_billing')
    .addColumn('test_clock_id', 'text', (c) => c.references('test_clock.id'))
    .execute();

  await db.schema
    .createTable('subscription')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('incomplete', 'trialing', 'active', 'past_due', 'canceled')`),
    )
    // The price it was bought at: a catalog change never reaches a running subscription.
    .addColumn('price', 'jsonb', (c) => c.notNull())
    .addColumn('seats', 'integer')
    .addColumn('anchor', 'timestamptz', (c) => c.notNull())
    .addColumn('period_index', 'integer', (c) => c.notNull())
    .addColumn('current_period_start', 'timestamptz', (c) => c.notNull())
    .addColumn('current_period_end', 'timestamptz', (c) => c.notNull())
    .addColumn('cancel_at_period_end', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('ends_with_plan_id', 'text')
    .addColumn('scheduled_change', 'jsonb')
    .addColumn('past_due_since', 'timestamptz')
    .addColumn('retries_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_retry_at', 'timestamptz')
    .addColumn('dunning_invoice_id', 'text', (c) => c.references('invoice.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('canceled_at', 'timestamptz')
    .execute();
  // One live subscription per workspace: a second concurrent subscribe fails here.
  await sql`create unique index subscription_one_live_per_workspace
    on subscription (workspace_id) where status <> 'canceled'`.execute(db);
  await sql`create index subscription_due_renewal_idx on subscription (current_period_end)
    where status in ('active', 'trialing')`.execute(db);
  await sql`create index subscription_due_retry_idx on subscription (next_retry_at)
    where status = 'past_due'`.execute(db);

  await db.schema
    .alterTable('invoice')
    .addColumn('subscription_id', 'text', (c) => c.references('subscription.id'))
    .addColumn('billing_reason', 'text', (c) =>
      c.check(
        sql`billing_reason in ('manual', 'subscription_create', 'subscription_update', 'seats', 'subscription_cycle')`,
      ),
    )
    .execute();

  await db.schema
    .createTable('subscription_change')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscription.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().unique().references('invoice.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('subscribe', 'change_plan', 'add_seats')`))
    .addColumn('change', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'applied', 'dropped')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('settled_at', 'timestamptz')
    .execute();
  await sql`create index subscription_change_pending_idx on subscription_change (workspace_id)
    where status = 'pending'`.execute(db);
}
