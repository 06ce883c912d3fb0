// SQL for what an email says about its cause beyond the event's payload: the invoice's billing reason and the
// declined attempts of it, earlier failures of the same invoice, the credit purchase an invoice paid for, the
// low-balance mark, the subscription an event names, and yearly subscriptions renewing soon.
import { sql } from 'kysely';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingReason } from '../../domain/invoices/billing-reason.ts';
import type { SubscriptionStatus } from '../../domain/subscriptions/subscription.ts';

export async function findInvoiceBillingReason(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<{ billingReason: BillingReason | null; subscriptionId: string | null } | undefined> {
  const row = await trx
    .selectFrom('invoice')
    .select(['billing_reason', 'subscription_id'])
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  return row && { billingReason: row.billing_reason, subscriptionId: row.subscription_id };
}

/** Why each declined charge of the invoice failed, oldest first. */
export async function declinedAttemptMessages(trx: BillfoldTransaction, invoiceId: string): Promise<(string | null)[]> {
  const rows = await trx
    .selectFrom('payment_attempt')
    .select('failure_message')
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'failed')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.failure_message);
}

/**
 * When each earlier published `invoice.payment_failed` event of the invoice happened (sequence below `sequence`),
 * oldest first (the event's object is the invoice).
 */
export async function earlierPaymentFailures(
  trx: BillfoldTransaction,
  workspaceId: string,
  invoiceId: string,
  sequence: number,
): Promise<Date[]> {
  const rows = await trx
    .selectFrom('outbox_event')
    .select('created_at')
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', 'invoice.payment_failed')
    .where('sequence', '<', sequence)
    .where(sql`data->'object'->>'id'`, '=', invoiceId)
    .orderBy('sequence')
    .execute();
  return rows.map((r) => r.created_at);
}

export async function findCreditPurchaseOfInvoice(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<{ reason: 'manual' | 'auto_top_up'; credits: number } | undefined> {
  return trx
    .selectFrom('credit_purchase')
    .select(['reason', 'credits'])
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
}

/** The balance below which the workspace is told its credits run low (its auto top-up threshold, when set). */
export async function findLowBalanceThreshold(trx: BillfoldTransaction, workspaceId: string): Promise<number | null> {
  const row = await trx
    .selectFrom('credit_account')
    .select('low_balance_threshold')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row?.low_balance_threshold ?? null;
}

export interface SubscriptionFacts {
  id: string;
  workspaceId: string;
  status: SubscriptionStatus;
  planId: string;
  planName: string;
  interval: 'month' | 'year';
  currentPeriodEnd: Date;
  pastDueSince: Date | null;
  /** The renewal invoice being collected (or written off when the subscription ended unpaid). */
  dunningInvoiceId: string | null;
  endsWithPlanId: string | null;
}

export async function findSubscriptionFacts(
  trx: BillfoldTransaction,
  subscriptionId: string,
): Promise<SubscriptionFacts | undefined> {
  const row = await trx
    .selectFrom('subscription')
    .select([
      'id',
      'workspace_id',
      'status',
      'price',
      'current_period_end',
      'past_due_since',
      'dunning_invoice_id',
      'ends_with_plan_id',
    ])
    .where('id', '=', subscriptionId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    status: row.status,
    planId: row.price.planId,
    planName: row.price.planName,
    interval: row.price.interval,
    currentPeriodEnd: row.current_period_end,
    pastDueSince: row.past_due_since,
    dunningInvoiceId: row.dunning_invoice_id,
    endsWithPlanId: row.ends_with_plan_id,
  };
}

/** The cause of a renewal reminder: the subscription and the period end it renews at (as the query above builds it). */
export function renewalReminderCause(subscriptionId: string, periodEnd: Date): string {
  return `${subscriptionId}:${Math.floor(periodEnd.getTime() / 1000)}`;
}

export interface RenewingSubscription {
  id: string;
  workspaceId: string;
  currentPeriodEnd: Date;
}

/**
 * Active yearly subscriptions renewing (not canceled) within `withinDays` days of their workspace's time — its test
 * clock's frozen time when it has one, else `now` — whose reminder for this period was not made yet.
 */
export async function listYearlyRenewalsDue(
  trx: BillfoldTransaction,
  now: Date,
  withinDays: number,
  limit: number,
): Promise<RenewingSubscription[]> {
  const rows = await trx
    .selectFrom('subscription')
    .innerJoin('workspace_billing', 'workspace_billing.workspace_id', 'subscription.workspace_id')
    .leftJoin('test_clock', 'test_clock.id', 'workspace_billing.test_clock_id')
    .select(['subscription.id', 'subscription.workspace_id', 'subscription.current_period_end'])
    .where('subscription.status', '=', 'active')
    .where('subscription.cancel_at_period_end', '=', false)
    .where(sql<string>`subscription.price->>'interval'`, '=', 'year')
    .where(sql<boolean>`subscription.current_period_end > coalesce(test_clock.frozen_time, ${now})`)
    .where(
      sql<boolean>`subscription.current_period_end <= coalesce(test_clock.frozen_time, ${now}) + interval '1 day' * ${withinDays}`,
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('email_message')
            .select('email_message.id')
            .where('email_message.kind', '=', 'renewal_reminder')
            .where(
              'email_message.cause_id',
              '=',
              sql<string>`subscription.id || ':' || floor(extract(epoch from subscription.current_period_end))::bigint::text`,
            ),
        ),
      ),
    )
    .orderBy('subscription.current_period_end')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, currentPeriodEnd: r.current_period_end }));
}
