// The named transitions of a subscription's life. Each is pure: it takes the subscription (and what the moment
// brings) and answers what to write — the subscription after it, the workspace's plan and max users when they
// change, the events it causes and its audit entry (who asked for it, or the system, is added by the writer).
// Billing's one writer (subscriptions.queries.ts) stores the answer; the preview applies the same transition in
// memory. An event names only its type: its payload is the subscription as the API shows it (write-transition.ts).
import { Temporal } from 'temporal-polyfill';
import { type BillingPeriod, billingPeriod } from './billing-period.ts';
import type { Renewal } from './next-renewal.ts';
import { planAfterCancel } from './quote-change.ts';
import type {
  PendingChange,
  PeriodEndChange,
  ScheduledPlanSwitch,
  ScheduledPriceChange,
  Subscription,
} from './subscription.ts';
import { type SubscriptionPrice, samePrice } from './subscription-price.ts';
import { trialPeriod } from './trial.ts';

/** The plan the workspace is on and the users it may have (null: the plan's own limit). */
export interface WorkspacePlan {
  planId: string;
  maxUsers: number | null;
}

export interface SubscriptionEvent {
  type:
    | 'subscription.created'
    | 'subscription.updated'
    | 'subscription.canceled'
    | 'seats.updated'
    | 'subscription.trial_will_end';
}

/** What the activity log says about a change: the audit action and the state before and after, in plain data. */
export interface TransitionAudit {
  action: string;
  before: unknown;
  after: unknown;
}

/** The price and seats of a subscription as its audit entries name them. */
export interface PriceSummary {
  plan: { id: string; name: string };
  tier: { id: string; name: string } | null;
  interval: SubscriptionPrice['interval'];
  seats: number | null;
}

export interface Transition {
  subscription: Subscription;
  /** Set when the transition moves the workspace to another plan or number of users. */
  workspacePlan: WorkspacePlan | null;
  events: SubscriptionEvent[];
  /** The audit entry; null for a step nobody sees (a subscription waiting for its first payment). */
  audit: TransitionAudit | null;
}

export type PastDueReason = 'payment_failed' | 'action_required';
export type EndReason = 'canceled_at_period_end' | 'payment_failed';

/** A new subscription waiting for its first payment: the workspace stays on its plan until it is paid. */
export function subscribe(input: {
  id: string;
  workspaceId: string;
  price: SubscriptionPrice;
  seats: number | null;
  period: BillingPeriod;
  now: Temporal.Instant;
}): Transition {
  return quiet({
    id: input.id,
    workspaceId: input.workspaceId,
    status: 'incomplete',
    price: input.price,
    seats: input.seats,
    anchor: input.period.start,
    periodIndex: 0,
    currentPeriod: input.period,
    atPeriodEnd: null,
    renewalInvoiceId: null,
    pastDueSince: null,
    retriesDone: 0,
    nextRetryAt: null,
    createdAt: input.now,
    canceledAt: null,
    trial: null,
  });
}

/**
 * A subscription that starts with a free trial: in force at once (the workspace is on the plan with its seats),
 * nothing charged; its current period is the trial, and the first paid period starts at its end.
 */
export function startTrial(input: {
  id: string;
  workspaceId: string;
  price: SubscriptionPrice;
  seats: number | null;
  trialDays: number;
  now: Temporal.Instant;
}): Transition {
  const period = trialPeriod(input.now, input.trialDays);
  const subscription: Subscription = {
    id: input.id,
    workspaceId: input.workspaceId,
    status: 'trialing',
    price: input.price,
    seats: input.seats,
    anchor: period.start,
    periodIndex: 0,
    currentPeriod: period,
    atPeriodEnd: null,
    renewalInvoiceId: null,
    pastDueSince: null,
    retriesDone: 0,
    nextRetryAt: null,
    createdAt: input.now,
    canceledAt: null,
    trial: { end: period.end, endAnnounced: false },
  };
  return {
    subscription,
    workspacePlan: planOf(subscription),
    events: [event('subscription.created')],
    audit: {
      action: 'subscription.trial_started',
      before: null,
      after: { ...priceSummaryOf(subscription), trialEnd: isoDate(period.end) },
    },
  };
}

/** A change of tier, interval or seats during the trial: applied at once, nothing charged; its end bills it. */
export function changeDuringTrial(
  subscription: Subscription,
  price: SubscriptionPrice,
  seats: number | null,
): Transition {
  // A cancel or a move to Flex at the trial's end still stands: only choosing the plan again calls it off.
  const after: Subscription = { ...subscription, price, seats };
  const seatsOnly = samePrice(price, subscription.price);
  return {
    subscription: after,
    workspacePlan: planOf(after),
    events: [event(seatsOnly ? 'seats.updated' : 'subscription.updated')],
    audit: seatsOnly
      ? { action: 'subscription.seats_changed', before: { seats: subscription.seats }, after: { seats } }
      : { action: 'subscription.plan_changed', before: priceSummaryOf(subscription), after: priceSummaryOf(after) },
  };
}

/** Three days before the trial ends: announced once (`subscription.trial_will_end`). Null: nothing to announce. */
export function announceTrialEnd(subscription: Subscription): Transition | null {
  if (subscription.status !== 'trialing' || !subscription.trial || subscription.trial.endAnnounced) return null;
  const after: Subscription = { ...subscription, trial: { ...subscription.trial, endAnnounced: true } };
  return { subscription: after, workspacePlan: null, events: [event('subscription.trial_will_end')], audit: null };
}

/** A change charged now whose invoice is paid: a first payment, an immediate plan change, or seats added. */
export function applyPaidChange(subscription: Subscription, change: PendingChange): Transition {
  let after: Subscription;
  if (change.kind === 'subscribe') {
    after = { ...subscription, status: 'active' };
  } else if (change.kind === 'change_plan') {
    const anchor = change.newAnchor ? Temporal.Instant.from(change.newAnchor) : null;
    after = {
      ...subscription,
      price: change.price,
      seats: change.seats,
      atPeriodEnd: null,
      ...(anchor ? { anchor, periodIndex: 0, currentPeriod: billingPeriod(anchor, change.price.interval, 0) } : {}),
    };
  } else {
    // Buying seats supersedes a scheduled decrease of the same price (kept under a cancel or not).
    after = {
      ...subscription,
      seats: (subscription.seats ?? 0) + change.seats,
      atPeriodEnd: withoutSeatDecrease(subscription.atPeriodEnd, subscription.price),
    };
  }
  const type =
    change.kind === 'subscribe'
      ? 'subscription.created'
      : change.kind === 'add_seats'
        ? 'seats.updated'
        : 'subscription.updated';
  const audit: TransitionAudit =
    change.kind === 'subscribe'
      ? { action: 'subscription.started', before: null, after: priceSummaryOf(after) }
      : change.kind === 'add_seats'
        ? { action: 'subscription.seats_changed', before: { seats: subscription.seats }, after: { seats: after.seats } }
        : { action: 'subscription.plan_changed', before: priceSummaryOf(subscription), after: priceSummaryOf(after) };
  return { subscription: after, workspacePlan: planOf(after), events: [event(type)], audit };
}

/** A first payment that was declined: the subscription never started, and the workspace stays where it was. */
export function abandon(subscription: Subscription, now: Temporal.Instant): Transition {
  return quiet({ ...subscription, status: 'canceled', canceledAt: now });
}

/** A downgrade, a seat decrease or a move to Flex, for the period end (it replaces whatever was scheduled). */
export function scheduleChange(
  subscription: Subscription,
  change: ScheduledPriceChange | ScheduledPlanSwitch,
): Transition {
  return rescheduled(subscription, change, 'subscription.change_scheduled');
}

/** Choosing the current plan and seats again: nothing happens at the period end but the renewal. */
export function dropScheduledChange(subscription: Subscription): Transition {
  return rescheduled(subscription, null, 'subscription.scheduled_change_dropped');
}

/** Cancel at the period end; a change already scheduled is kept, for Resume. Canceling twice is one cancel. */
export function cancelAtPeriodEnd(subscription: Subscription): Transition | null {
  const scheduled = subscription.atPeriodEnd;
  if (scheduled?.kind === 'cancel') return null;
  return rescheduled(subscription, { kind: 'cancel', keptForResume: scheduled }, 'subscription.canceled_at_period_end');
}

/** Undoes a cancel before the period ends: the change it was laid on is scheduled again. Null: nothing to resume. */
export function resume(subscription: Subscription): Transition | null {
  const scheduled = subscription.atPeriodEnd;
  if (scheduled?.kind !== 'cancel') return null;
  return rescheduled(subscription, scheduled.keptForResume, 'subscription.resumed');
}

/** The period ended and the next one is invoiced (`renewal`, from nextRenewal); its invoice is now collected. */
export function renew(subscription: Subscription, renewal: Renewal, invoiceId: string): Transition {
  const after: Subscription = {
    ...subscription,
    price: renewal.price,
    seats: renewal.seats,
    anchor: renewal.anchor,
    periodIndex: renewal.periodIndex,
    currentPeriod: renewal.period,
    atPeriodEnd: null,
    renewalInvoiceId: invoiceId,
  };
  const periodOf = (s: Subscription) => ({
    ...priceSummaryOf(s),
    currentPeriodStart: isoDate(s.currentPeriod.start),
    currentPeriodEnd: isoDate(s.currentPeriod.end),
  });
  return {
    subscription: after,
    workspacePlan: planOf(after),
    events: [event('subscription.updated')],
    audit: { action: 'subscription.renewed', before: periodOf(subscription), after: { ...periodOf(after), invoiceId } },
  };
}

/** The renewal was not paid: past due, retried on schedule from now. */
export function markPastDue(
  subscription: Subscription,
  input: { now: Temporal.Instant; firstRetryAt: Temporal.Instant | null; reason: PastDueReason; invoiceId: string },
): Transition {
  const after: Subscription = {
    ...subscription,
    status: 'past_due',
    pastDueSince: input.now,
    retriesDone: 0,
    nextRetryAt: input.firstRetryAt,
  };
  return {
    subscription: after,
    workspacePlan: null,
    events: [event('subscription.updated')],
    audit: {
      action: 'subscription.past_due',
      before: { status: subscription.status },
      after: {
        status: 'past_due',
        reason: input.reason,
        invoiceId: input.invoiceId,
        nextRetryAt: input.firstRetryAt?.toString() ?? null,
      },
    },
  };
}

/** A dunning retry is under way: it counts, and the following one (if any) is scheduled. */
export function countRetry(subscription: Subscription, followingRetryAt: Temporal.Instant | null): Transition {
  const after = { ...subscription, retriesDone: subscription.retriesDone + 1, nextRetryAt: followingRetryAt };
  return {
    ...quiet(after),
    audit: {
      action: 'subscription.payment_retried',
      before: { retriesDone: subscription.retriesDone },
      after: {
        retriesDone: after.retriesDone,
        invoiceId: subscription.renewalInvoiceId,
        nextRetryAt: followingRetryAt?.toString() ?? null,
      },
    },
  };
}

/**
 * The renewal invoice is paid (at once, or by a retry): collected, and active again if it was past due, or active
 * for the first time if it was the first period after a trial.
 */
export function recover(subscription: Subscription): Transition {
  const wasPastDue = subscription.status === 'past_due';
  const wasTrialing = subscription.status === 'trialing';
  const after: Subscription = {
    ...subscription,
    status: wasPastDue || wasTrialing ? 'active' : subscription.status,
    pastDueSince: null,
    retriesDone: 0,
    nextRetryAt: null,
    renewalInvoiceId: null,
  };
  if (wasTrialing) {
    return {
      subscription: after,
      workspacePlan: null,
      events: [event('subscription.updated')],
      audit: {
        action: 'subscription.trial_converted',
        before: { status: 'trialing' },
        after: { status: 'active', invoiceId: subscription.renewalInvoiceId },
      },
    };
  }
  if (!wasPastDue) return quiet(after);
  return {
    subscription: after,
    workspacePlan: null,
    events: [event('subscription.updated')],
    audit: {
      action: 'subscription.recovered',
      before: { status: 'past_due', invoiceId: subscription.renewalInvoiceId },
      after: { status: after.status },
    },
  };
}

/**
 * The subscription ends (at its period end after a cancel or a switch, or after the last failed retry): the
 * workspace moves to Free, or to the plan it switches to. Members stay; invites past the new limit are refused.
 */
export function end(subscription: Subscription, now: Temporal.Instant, reason: EndReason): Transition {
  const scheduled = subscription.atPeriodEnd;
  const planAfter = scheduled?.kind === 'switch' ? scheduled.planId : planAfterCancel;
  return {
    subscription: canceledNow(subscription, now),
    workspacePlan: { planId: planAfter, maxUsers: null },
    events: [event('subscription.canceled')],
    audit: {
      action: 'subscription.ended',
      before: { status: subscription.status, ...priceSummaryOf(subscription) },
      after: { status: 'canceled', reason, planAfter },
    },
  };
}

/**
 * Ended now by a billing manager (not at the period end): the workspace returns to Free at once, whatever was
 * scheduled, and nothing renews. The unused time's refund, if any, is the refund use case's.
 */
export function terminate(
  subscription: Subscription,
  now: Temporal.Instant,
  refund: { to: 'card' | 'balance' | 'none'; amount: number },
): Transition {
  return {
    subscription: canceledNow(subscription, now),
    workspacePlan: { planId: planAfterCancel, maxUsers: null },
    events: [event('subscription.canceled')],
    audit: {
      action: 'subscription.terminated',
      before: { status: subscription.status, ...priceSummaryOf(subscription) },
      after: { status: 'canceled', planAfter: planAfterCancel, refundTo: refund.to, refundAmount: refund.amount },
    },
  };
}

/** The plan, tier, interval and seats, as audit entries record them. */
export function priceSummaryOf(subscription: Subscription): PriceSummary {
  const { price } = subscription;
  return {
    plan: { id: price.planId, name: price.planName },
    tier: price.tierId && price.tierName ? { id: price.tierId, name: price.tierName } : null,
    interval: price.interval,
    seats: subscription.seats,
  };
}

/** The workspace's plan while the subscription is in force: max users are the seats of a per-seat price. */
export function planOf(subscription: Subscription): WorkspacePlan {
  return { planId: subscription.price.planId, maxUsers: subscription.price.perSeat ? subscription.seats : null };
}

/** What the period end brings, as events and the page tell it. */
export function describeAtPeriodEnd(subscription: Subscription): {
  cancelAtPeriodEnd: boolean;
  activeUntil: Temporal.Instant | null;
  scheduledChange: ScheduledPriceChange | ScheduledPlanSwitch | null;
  scheduledChangeOnResume: ScheduledPriceChange | ScheduledPlanSwitch | null;
} {
  const scheduled = subscription.atPeriodEnd;
  const canceled = scheduled?.kind === 'cancel';
  return {
    cancelAtPeriodEnd: canceled,
    activeUntil: canceled ? subscription.currentPeriod.end : null,
    scheduledChange: scheduled && scheduled.kind !== 'cancel' ? scheduled : null,
    scheduledChangeOnResume: canceled ? scheduled.keptForResume : null,
  };
}

function rescheduled(subscription: Subscription, atPeriodEnd: PeriodEndChange | null, action: string): Transition {
  const after: Subscription = { ...subscription, atPeriodEnd };
  const before = describeAtPeriodEnd(subscription);
  const now = describeAtPeriodEnd(after);
  return {
    subscription: after,
    workspacePlan: null,
    events: [event('subscription.updated')],
    audit: {
      action,
      before: { cancelAtPeriodEnd: before.cancelAtPeriodEnd, scheduledChange: before.scheduledChange },
      // The plan in force and the period end name what the change is from and when it happens.
      after: {
        cancelAtPeriodEnd: now.cancelAtPeriodEnd,
        scheduledChange: now.scheduledChange,
        current: priceSummaryOf(after),
        effectiveAt: isoDate(after.currentPeriod.end),
      },
    },
  };
}

function withoutSeatDecrease(scheduled: PeriodEndChange | null, price: SubscriptionPrice): PeriodEndChange | null {
  if (!scheduled) return null;
  if (scheduled.kind === 'change') return samePrice(scheduled.price, price) ? null : scheduled;
  if (scheduled.kind === 'cancel' && scheduled.keptForResume?.kind === 'change') {
    return samePrice(scheduled.keptForResume.price, price) ? { kind: 'cancel', keptForResume: null } : scheduled;
  }
  return scheduled;
}

function quiet(subscription: Subscription): Transition {
  return { subscription, workspacePlan: null, events: [], audit: null };
}

function event(type: SubscriptionEvent['type']): SubscriptionEvent {
  return { type };
}

function isoDate(instant: Temporal.Instant): string {
  return new Date(instant.epochMilliseconds).toISOString();
}

/** The subscription as it is once it has ended: canceled now, nothing scheduled, no retry due. */
function canceledNow(subscription: Subscription, now: Temporal.Instant): Subscription {
  return { ...subscription, status: 'canceled', canceledAt: now, atPeriodEnd: null, nextRetryAt: null };
}
