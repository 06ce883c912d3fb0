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
    /** Why the renewal is unpaid: the card failed, the bank waits for the cardholder to confirm, or no card. */
    reason: PastDueReason;
    failureMessage: string;
    /** Where the cardholder confirms the payment, when the reason is action_required. */
    nextActionUrl: string | null;
    nextRetryAt: Date | null;
  } | null;
}

export type PastDueReason = 'payment_failed' | 'action_required' | 'no_payment_method';

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
  // The latest answer from the gateway says why it is unpaid; an attempt still in flight says nothing yet.
  const lastAnswer = await db
    .selectFrom('payment_attempt')
    .select(['status', 'failure_message', 'next_action_url'])
    .where('invoice_id', '=', invoice.id)
    .where('status', 'in', ['failed', 'requires_action'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const due = { invoiceId: invoice.id, number: invoice.number, amount: invoice.total, currency: invoice.currency };
  const nextRetryAt = subscription.next_retry_at;
  if (lastAnswer?.status === 'requires_action') {
    return {
      ...due,
      reason: 'action_required',
      failureMessage: 'Your bank asks you to confirm this payment.',
      nextActionUrl: lastAnswer.next_action_url,
      nextRetryAt,
    };
  }
  if (lastAnswer) {
    const failureMessage = lastAnswer.failure_message ?? 'The payment failed.';
    return { ...due, reason: 'payment_failed', failureMessage, nextActionUrl: null, nextRetryAt };
  }
  const failureMessage = 'There is no payment method to charge.';
  return { ...due, reason: 'no_payment_method', failureMessage, nextActionUrl: null, nextRetryAt };
}
