// Coupons, their promotion codes, and the discount a subscription carries (docs/decisions/021). Redemption counts
// are raised by a conditional UPDATE, and a check refuses any count past its limit, so no number of concurrent
// redemptions can use a coupon or a code more often than it allows.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('coupon')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('percent_off', 'integer')
    .addColumn('amount_off', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('duration', 'text', (c) => c.notNull())
    .addColumn('duration_months', 'integer')
    // Null: every plan.
    .addColumn('plan_ids', sql`text[]`)
    .addColumn('max_redemptions', 'integer')
    .addColumn('times_redeemed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('redeem_by', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'coupon_value',
      sql`(percent_off between 1 and 100 and amount_off is null and currency is null)
          or (percent_off is null and amount_off > 0 and currency is not null)`,
    )
    .addCheckConstraint(
      'coupon_duration',
      sql`(duration = 'repeating' and duration_months >= 1) or (duration in ('once', 'forever') and duration_months is null)`,
    )
    .addCheckConstraint(
      'coupon_redemptions',
      sql`times_redeemed >= 0 and (max_redemptions is null or times_redeemed <= max_redemptions)`,
    )
    .execute();

  await db.schema
    .createTable('promotion_code')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('coupon_id', 'text', (c) => c.notNull().references('coupon.id'))
    // Upper-case; matched case-insensitively by upper-casing what the customer types.
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('max_redemptions', 'integer')
    .addColumn('times_redeemed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('first_time_only', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'promotion_code_redemptions',
      sql`times_redeemed >= 0 and (max_redemptions is null or times_redeemed <= max_redemptions)`,
    )
    .execute();

  // One discount per subscription, for as long as the subscription lives.
  await db.schema
    .createTable('subscription_discount')
    .addColumn('subscription_id', 'text', (c) => c.primaryKey().references('subscription.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('coupon_id', 'text', (c) => c.notNull().references('coupon.id'))
    .addColumn('promotion_code_id', 'text', (c) => c.references('promotion_code.id'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    // Null: forever. Periods starting at or after it are no longer discounted.
    .addColumn('ends_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('subscription_discount_by_workspace')
    .on('subscription_discount')
    .column('workspace_id')
    .execute();
}
