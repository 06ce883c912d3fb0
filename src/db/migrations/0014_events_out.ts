// Events leave Billfold: the outbox gets a per-workspace sequence and a published mark, webhook endpoints and
// their deliveries, and the email outbox (docs/decisions/012-events-out.md).
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox_event').dropColumn('delivered_at').execute();
  await db.schema.alterTable('outbox_event').addColumn('sequence', 'bigint').execute();
  await db.schema.alterTable('outbox_event').addColumn('published_at', 'timestamptz').execute();
  await sql`create unique index outbox_event_sequence_idx on outbox_event (workspace_id, sequence)`.execute(db);
  await sql`create index outbox_event_unpublished_idx on outbox_event (created_at, id)
    where published_at is null`.execute(db);

  // The last sequence number given to an event of the workspace; bumped in the publishing transaction.
  await db.schema
    .createTable('workspace_event_counter')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('organization.id').onDelete('cascade'))
    .addColumn('last_sequence', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_endpoint')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // Empty: every event type.
    .addColumn('event_types', sql`text[]`, (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    // Secrets are sealed with the deployment secret (src/billing/webhooks/secret-box.ts): a dump cannot sign.
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('previous_secret_sealed', 'text')
    .addColumn('previous_secret_expires_at', 'timestamptz')
    .addColumn('failing_since', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await sql`create index webhook_endpoint_workspace_idx on webhook_endpoint (workspace_id, id)
    where deleted_at is null`.execute(db);

  await db.schema
    .createTable('webhook_delivery')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoint.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('outbox_event.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'succeeded', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    // A claimed delivery is leased; a process that dies mid-send leaves it to be claimed again after the lease.
    .addColumn('leased_until', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('replay_of', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at)
    where status = 'pending'`.execute(db);
  await sql`create index webhook_delivery_endpoint_idx on webhook_delivery (endpoint_id, id)`.execute(db);

  await db.schema
    .createTable('email_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('organization.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // What made it (an event id, an invite id): one email per cause and kind, however often the cause is seen.
    .addColumn('cause_id', 'text', (c) => c.notNull())
    .addColumn('to_addresses', sql`text[]`, (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // The invoice whose PDF is attached, rendered when sent.
    .addColumn('attach_invoice_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('leased_until', 'timestamptz')
    .addColumn('error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index email_message_cause_idx on email_message (kind, cause_id)`.execute(db);
  await sql`create index email_message_due_idx on email_message (next_attempt_at)
    where status = 'pending'`.execute(db);

  // Who asked for a change charged now: the activity log names them when the paid change is applied (null: the
  // system, or a change asked for before this migration).
  await db.schema.alterTable('subscription_change').addColumn('requested_by_type', 'text').execute();
  await db.schema.alterTable('subscription_change').addColumn('requested_by_id', 'text').execute();
}
