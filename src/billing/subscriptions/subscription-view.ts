// The subscription as the billing summary and the subscription routes show it (DESIGN.md section 4, plus the
// plan, seats and past-due details the page needs; decision 006).
import type { BillfoldDb } from '../../db/connection.ts';
import type { SubscriptionRow, SubscriptionStatus } from '../../db/tables.ts';
import type { BillingInterval } from '../../domain/plans/plan.ts';
import type { SubscriptionPrice } from '../../domain/subscriptions/subscription-price.ts';

export interface SubscriptionView {
  id: string;
  status: SubscriptionStatus;
  plan: { id: string; name: string };
  tier: { id: string; name: string } | null;
  interval: BillingInterval;
  /** Seats bought, on a per-seat price. */
  seats: number | null;
  currency: string;
  unitAmount: number;
  perSeat: boolean;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  activeUntil: Date | null;
  scheduledChange: {
    plan: { id: string; name: string };
    tier: { id: string; name: string } | null;
    interval: BillingInterval;
    seats: number | null;
    effectiveAt: Date;
  } | null;
  pastDue: {
    invoiceId: string;
    number: string | null;
    amount: number;
    currency: string;
    failureMessage: string;
    nextRetryAt: Date | null;
  } | null;
}

export async function subscriptionView(db: BillfoldDb, subscription: SubscriptionRow): Promise<SubscriptionView> {
  const scheduled = subscription.scheduled_change;
  return {
    id: subscription.id,
    status: subscription.status,
    ...planOf(subscription.price),
    seats: subscription.seats,
    currency: subscription.price.currency,
    unitAmount: subscription.price.unitAmount,
    perSeat: subscription.price.perSeat,
    currentPeriodStart: subscription.current_period_start,
    currentPeriodEnd: subscription.current_period_end,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    activeUntil: subscription.cancel_at_period_end ? subscription.current_period_end : null,
    scheduledChange: scheduled
      ? { ...planOf(scheduled.price), seats: scheduled.seats, effectiveAt: subscription.current_period_end }
      : null,
    pastDue: subscription.status === 'past_due' ? await pastDueOf(db, subscription) : null,
  };
}

function planOf(price: SubscriptionPrice) {
  return {
    plan: { id: price.planId, name: price.planName },
    tier: price.tierId && price.tierName ? { id: price.tierId, name: price.tierName } : null,
    interval: price.interval,
  };
}

async function pastDueOf(db: BillfoldDb, subscription: SubscriptionRow): Promise<SubscriptionView['pastDue']> {
  if (!subscription.dunning_invoice_id) return null;
  const invoice = await db
    .selectFrom('invoice')
    .select(['id', 'number', 'total', 'currency'])
    .where('id', '=', subscription.dunning_invoice_id)
    .executeTakeFirstOrThrow();
  const lastAttempt = await db
    .selectFrom('payment_attempt')
    .select('failure_message')
    .where('invoice_id', '=', invoice.id)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return {
    invoiceId: invoice.id,
    number: invoice.number,
    amount: invoice.total,
    currency: invoice.currency,
    failureMessage: lastAttempt?.failure_message ?? 'There is no payment method to charge.',
    nextRetryAt: subscription.next_retry_at,
  };
}
