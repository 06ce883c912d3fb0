// Reads a workspace's live subscription (any status but canceled: one at most, by a unique index) and the
// changes still waiting for their invoice to be paid.
import { Temporal } from 'temporal-polyfill';
import type { BillfoldDb } from '../../db/connection.ts';
import type { SubscriptionRow } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingPeriod } from '../../domain/subscriptions/billing-period.ts';

export async function liveSubscription(
  db: BillfoldDb | BillfoldTransaction,
  workspaceId: string,
): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('subscription')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '<>', 'canceled')
    .executeTakeFirst();
}

export function currentPeriodOf(subscription: SubscriptionRow): BillingPeriod {
  return { start: instantOf(subscription.current_period_start), end: instantOf(subscription.current_period_end) };
}

export function instantOf(date: Date): Temporal.Instant {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime());
}

/** Seats bought but not yet paid for: the next increase is priced on top of them, so none is charged twice. */
export async function pendingSeatIncrease(
  trx: BillfoldDb | BillfoldTransaction,
  subscriptionId: string,
): Promise<number> {
  const pending = await trx
    .selectFrom('subscription_change')
    .select('change')
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'pending')
    .where('kind', '=', 'add_seats')
    .execute();
  return pending.reduce((sum, row) => sum + (row.change.kind === 'add_seats' ? row.change.seats : 0), 0);
}

/** A plan change or subscribe still waiting for its invoice to be paid (the bank's confirmation, say). */
export async function pendingPlanChange(trx: BillfoldTransaction, subscriptionId: string) {
  return trx
    .selectFrom('subscription_change')
    .select(['id', 'invoice_id', 'kind'])
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'pending')
    .where('kind', 'in', ['subscribe', 'change_plan'])
    .executeTakeFirst();
}
