// Prices a requested plan or seat change at a moment, without writing anything: what happens (now or at the
// period end) and the invoice lines charged now. The preview shows it; the mutations carry it out, so what the
// page shows before "Confirm" is what is charged.
import type { Temporal } from 'temporal-polyfill';
import { BillingError } from '../errors.ts';
import { type InvoiceLine, invoiceTotals } from '../invoices/invoice-totals.ts';
import type { DowngradePolicy } from '../plans/plan.ts';
import { type BillingPeriod, billingPeriod } from './billing-period.ts';
import { planChangeTiming } from './plan-change.ts';
import type { ScheduledPlanSwitch, ScheduledPriceChange, Subscription } from './subscription.ts';
import { addedSeatsLine, periodLine, planChangeLines } from './subscription-lines.ts';
import { type SubscriptionPrice, samePrice } from './subscription-price.ts';
import { type TrialOffer, trialFor, trialPeriod } from './trial.ts';

/** Where the workspace is asked to go: a subscription price (with seats), or a plan without one (free, flex). */
export type PlanTarget =
  | { kind: 'subscription'; price: SubscriptionPrice; seats: number | null; trial: TrialOffer | null }
  | { kind: 'no_subscription'; planId: string };

/** The plan a cancel ends on. */
export const planAfterCancel = 'free';

export type ChangeQuote =
  /** Already so. Choosing the current price and seats again drops whatever is scheduled for the period end. */
  | { effect: 'unchanged'; dropsScheduledChange: boolean }
  | { effect: 'now'; kind: 'switch_plan'; planId: string }
  | {
      effect: 'now';
      kind: 'subscribe';
      price: SubscriptionPrice;
      seats: number | null;
      period: BillingPeriod;
      lines: InvoiceLine[];
    }
  | {
      effect: 'now';
      kind: 'change_plan';
      price: SubscriptionPrice;
      seats: number | null;
      /** Set when the change starts a new period (a longer interval): the anchor moves to now. */
      newAnchor: Temporal.Instant | null;
      lines: InvoiceLine[];
    }
  | { effect: 'now'; kind: 'add_seats'; addedSeats: number; lines: InvoiceLine[] }
  /** A first subscription to a plan with a trial: in force now, nothing charged until the trial ends. */
  | {
      effect: 'now';
      kind: 'start_trial';
      price: SubscriptionPrice;
      seats: number | null;
      trial: TrialOffer;
      /** The trial; its end is the first paid period's start. */
      period: BillingPeriod;
      /** What the trial's end charges before tax: the first period. */
      firstPeriodLines: InvoiceLine[];
    }
  /** Another tier, interval or seats of the trialed plan: applied now, nothing charged (the trial's end bills it). */
  | { effect: 'now'; kind: 'trial_change'; price: SubscriptionPrice; seats: number | null }
  | {
      effect: 'period_end';
      kind: 'schedule';
      change: ScheduledPriceChange | ScheduledPlanSwitch;
      at: Temporal.Instant;
    }
  | { effect: 'period_end'; kind: 'cancel'; at: Temporal.Instant };

export interface CurrentBilling {
  planId: string;
  /** The live subscription (any status but canceled), if any. */
  subscription: Subscription | null;
  /** Seat increases bought but not yet paid for. */
  pendingSeats: number;
  /** The plans the workspace has trialed (one trial per plan). */
  trialedPlanIds: readonly string[];
  /** What the current plan does with a downgrade or seat decrease (period_end when absent). */
  downgrade?: DowngradePolicy;
}

export function quoteChange(current: CurrentBilling, target: PlanTarget, now: Temporal.Instant): ChangeQuote {
  const subscription = current.subscription;
  if (!subscription) {
    if (target.kind === 'no_subscription') {
      return target.planId === current.planId
        ? { effect: 'unchanged', dropsScheduledChange: false }
        : { effect: 'now', kind: 'switch_plan', planId: target.planId };
    }
    const trial = trialFor(target.trial, target.price.planId, current.trialedPlanIds);
    if (trial) {
      const period = trialPeriod(now, trial.days);
      const first = billingPeriod(period.end, target.price.interval, 0);
      return {
        effect: 'now',
        kind: 'start_trial',
        price: target.price,
        seats: target.seats,
        trial,
        period,
        firstPeriodLines: [periodLine(target.price, target.seats, first)],
      };
    }
    const period = billingPeriod(now, target.price.interval, 0);
    return {
      effect: 'now',
      kind: 'subscribe',
      price: target.price,
      seats: target.seats,
      period,
      lines: [periodLine(target.price, target.seats, period)],
    };
  }

  const period = subscription.currentPeriod;
  if (now.epochMilliseconds >= period.end.epochMilliseconds) {
    // The period has ended and the renewal job (every minute) has not run yet: nothing is left to prorate.
    throw new BillingError('subscription_conflict', 'The subscription is renewing right now. Try again in a minute.');
  }
  if (target.kind === 'no_subscription') return quoteLeaving(subscription, target.planId, period.end);

  const from = { price: subscription.price, seats: subscription.seats };
  if (subscription.status === 'trialing') return quoteTrialChange(subscription, target);
  if (samePrice(from.price, target.price)) return quoteSeatChange(current, subscription, target, period, now);

  const timing = planChangeTiming(from, target);
  // A plan that credits downgrades does them now: the unused time goes to the customer balance (an invoice whose
  // negative total the balance takes). A shorter interval still waits: its period would not line up.
  if (
    timing === 'at_period_end' &&
    current.downgrade === 'immediate_credit' &&
    target.price.interval === from.price.interval
  ) {
    return creditedChange(from, target, period, now);
  }
  if (timing === 'immediate') {
    const newPeriod =
      target.price.interval !== from.price.interval ? billingPeriod(now, target.price.interval, 0) : null;
    const lines = planChangeLines(from, target, period, now, newPeriod);
    // A credit larger than the charge would need a customer balance Billfold does not keep: wait for the renewal.
    if (invoiceTotals(lines, null).total >= 0) {
      return {
        effect: 'now',
        kind: 'change_plan',
        price: target.price,
        seats: target.seats,
        newAnchor: newPeriod?.start ?? null,
        lines,
      };
    }
  }
  return schedule({ kind: 'change', price: target.price, seats: target.seats }, period.end);
}

/** To Free: a cancel at the period end. To another plan without a subscription (Flex): a scheduled switch. */
function quoteLeaving(subscription: Subscription, planId: string, at: Temporal.Instant): ChangeQuote {
  const scheduled = subscription.atPeriodEnd;
  if (planId === planAfterCancel) {
    return scheduled?.kind === 'cancel'
      ? { effect: 'unchanged', dropsScheduledChange: false }
      : { effect: 'period_end', kind: 'cancel', at };
  }
  if (scheduled?.kind === 'switch' && scheduled.planId === planId) {
    return { effect: 'unchanged', dropsScheduledChange: false };
  }
  return schedule({ kind: 'switch', planId }, at);
}

function quoteSeatChange(
  current: CurrentBilling,
  subscription: Subscription,
  target: { price: SubscriptionPrice; seats: number | null },
  period: BillingPeriod,
  now: Temporal.Instant,
): ChangeQuote {
  const bought = subscription.seats ?? 0;
  const withPending = bought + current.pendingSeats;
  if (target.seats === null || target.seats === bought) {
    if (current.pendingSeats > 0) seatsBeingPaid();
    return { effect: 'unchanged', dropsScheduledChange: subscription.atPeriodEnd !== null };
  }
  if (target.seats > withPending) {
    const addedSeats = target.seats - withPending;
    return {
      effect: 'now',
      kind: 'add_seats',
      addedSeats,
      lines: [addedSeatsLine(subscription.price, addedSeats, period, now)],
    };
  }
  if (current.pendingSeats > 0) seatsBeingPaid();
  if (current.downgrade === 'immediate_credit') {
    return creditedChange({ price: subscription.price, seats: bought }, target, period, now);
  }
  return schedule({ kind: 'change', price: subscription.price, seats: target.seats }, period.end);
}

/**
 * During a trial the plan's tiers, intervals and seats change at once, free, and the trial goes on; another plan
 * waits for the trial's end: trading one plan's trial for another's would let one workspace trial every plan in a
 * row (docs/decisions/020).
 */
function quoteTrialChange(
  subscription: Subscription,
  target: { price: SubscriptionPrice; seats: number | null },
): ChangeQuote {
  if (target.price.planId !== subscription.price.planId) {
    const end = subscription.currentPeriod.end.toString().slice(0, 10);
    throw new BillingError(
      'subscription_conflict',
      `The ${subscription.price.planName} trial runs until ${end}: another plan can be chosen once it has ended. ` +
        `Until then the tier, interval and seats can change, and Cancel ends the trial with nothing charged.`,
    );
  }
  if (samePrice(subscription.price, target.price) && (target.seats === null || target.seats === subscription.seats)) {
    return { effect: 'unchanged', dropsScheduledChange: subscription.atPeriodEnd !== null };
  }
  return { effect: 'now', kind: 'trial_change', price: target.price, seats: target.seats };
}

/** A downgrade or seat decrease done now: the old price's unused time credited beside the new one's rest. */
function creditedChange(
  from: { price: SubscriptionPrice; seats: number | null },
  target: { price: SubscriptionPrice; seats: number | null },
  period: BillingPeriod,
  now: Temporal.Instant,
): ChangeQuote {
  return {
    effect: 'now',
    kind: 'change_plan',
    price: target.price,
    seats: target.seats,
    newAnchor: null,
    lines: planChangeLines(from, target, period, now, null),
  };
}

function schedule(change: ScheduledPriceChange | ScheduledPlanSwitch, at: Temporal.Instant): ChangeQuote {
  return { effect: 'period_end', kind: 'schedule', change, at };
}

function seatsBeingPaid(): never {
  throw new BillingError(
    'subscription_conflict',
    'Seats just added are still being paid for. Wait a moment, reload, and change the quantity again.',
  );
}
