// Trials (docs/decisions/020): a subscription's trial end and whether its end was announced, and each workspace's
// trial of a plan — one per workspace and plan, kept when the subscription ends, so a later one is charged at once.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('subscription')
    .addColumn('trial_end', 'timestamptz')
    .addColumn('trial_end_announced', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable('trial_use')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscription.id').onDelete('cascade'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('trial_use_pkey', ['workspace_id', 'plan_id'])
    .execute();
  // The trials whose end is still to be announced, for the job that announces them.
  await sql`create index subscription_trial_end_notice_idx on subscription (trial_end)
    where status = 'trialing' and not trial_end_announced`.execute(db);
}
