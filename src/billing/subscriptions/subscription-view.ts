// The subscription as the billing summary and the subscription routes show it (DESIGN.md section 4, plus the
// plan, seats, what the period end brings and the past-due details the page needs; decision 006).
import type { BillfoldDb } from '../../db/connection.ts';
import { toDate } from '../../domain/clock.ts';
import type { BillingInterval, PlanCatalog } from '../../domain/plans/plan.ts';
import type {
  ScheduledPlanSwitch,
  ScheduledPriceChange,
  Subscription,
  SubscriptionStatus,
} from '../../domain/subscriptions/subscription.ts';
import { describeAtPeriodEnd } from '../../domain/subscriptions/subscription-lifecycle.ts';
import type { SubscriptionPrice } from '../../domain/subscriptions/subscription-price.ts';
import { findPlan } from '../plans/catalog.ts';
import { collectedInvoiceOf } from './subscription-view.queries.ts';

export interface ScheduledChangeView {
  plan: { id: string; name: string };
  tier: { id: string; name: string } | null;
  /** Null for a move to a plan without a subscription (Flex). */
  interval: BillingInterval | null;
  seats: number | null;
  effectiveAt: Date;
}

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
  /** When the free trial the subscription started with ends; null without one. */
  trialEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  activeUntil: Date | null;
  /** What the period end brings besides the renewal: a downgrade, a seat decrease, a move to Flex. */
  scheduledChange: ScheduledChangeView | null;
  /** While canceled: the change scheduled before the cancel, which Resume brings back. */
  scheduledChangeOnResume: ScheduledChangeView | null;
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

export async function subscriptionView(
  db: BillfoldDb,
  catalog: PlanCatalog,
  subscription: Subscription,
): Promise<SubscriptionView> {
  const atPeriodEnd = describeAtPeriodEnd(subscription);
  const effectiveAt = toDate(subscription.currentPeriod.end);
  const scheduled = (change: ScheduledPriceChange | ScheduledPlanSwitch | null) =>
    change && scheduledChangeView(catalog, change, effectiveAt);
  return {
    id: subscription.id,
    status: subscription.status,
    ...planOf(subscription.price),
    seats: subscription.seats,
    currency: subscription.price.currency,
    unitAmount: subscription.price.unitAmount,
    perSeat: subscription.price.perSeat,
    currentPeriodStart: toDate(subscription.currentPeriod.start),
    currentPeriodEnd: effectiveAt,
    trialEnd: subscription.trial && toDate(subscription.trial.end),
    cancelAtPeriodEnd: atPeriodEnd.cancelAtPeriodEnd,
    activeUntil: atPeriodEnd.activeUntil && toDate(atPeriodEnd.activeUntil),
    scheduledChange: scheduled(atPeriodEnd.scheduledChange),
    scheduledChangeOnResume: scheduled(atPeriodEnd.scheduledChangeOnResume),
    pastDue: subscription.status === 'past_due' ? await pastDueOf(db, subscription) : null,
  };
}

export function scheduledChangeView(
  catalog: PlanCatalog,
  change: ScheduledPriceChange | ScheduledPlanSwitch,
  effectiveAt: Date,
): ScheduledChangeView {
  if (change.kind === 'change') return { ...planOf(change.price), seats: change.seats, effectiveAt };
  const plan = findPlan(catalog, change.planId);
  return { plan: { id: plan.id, name: plan.name }, tier: null, interval: null, seats: null, effectiveAt };
}

function planOf(price: SubscriptionPrice) {
  return {
    plan: { id: price.planId, name: price.planName },
    tier: price.tierId && price.tierName ? { id: price.tierId, name: price.tierName } : null,
    interval: price.interval,
  };
}

async function pastDueOf(db: BillfoldDb, subscription: Subscription): Promise<SubscriptionView['pastDue']> {
  if (!subscription.renewalInvoiceId) return null;
  const { invoice, lastAnswer } = await collectedInvoiceOf(db, subscription.renewalInvoiceId);
  const due = { invoiceId: invoice.id, number: invoice.number, amount: invoice.total, currency: invoice.currency };
  const nextRetryAt = subscription.nextRetryAt && toDate(subscription.nextRetryAt);
  if (lastAnswer?.status === 'requires_action') {
    return {
      ...due,
      reason: 'action_required',
      failureMessage: 'Your bank asks you to confirm this payment.',
      nextActionUrl: lastAnswer.nextActionUrl,
      nextRetryAt,
    };
  }
  if (lastAnswer) {
    const failureMessage = lastAnswer.failureMessage ?? 'The payment failed.';
    return { ...due, reason: 'payment_failed', failureMessage, nextActionUrl: null, nextRetryAt };
  }
  const failureMessage = 'There is no payment method to charge.';
  return { ...due, reason: 'no_payment_method', failureMessage, nextActionUrl: null, nextRetryAt };
}
