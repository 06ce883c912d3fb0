// Prices a requested plan or seat change at a moment, without writing anything: what happens (now or at the
// period end) and the invoice lines charged now. The preview route shows it; the mutations carry it out, so
// what the page shows before "Confirm" is what is charged.
import type { Temporal } from 'temporal-polyfill';
import type { SubscriptionRow } from '../../db/tables.ts';
import { BillingError } from '../../domain/errors.ts';
import { type InvoiceLine, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { type BillingPeriod, billingPeriod } from '../../domain/subscriptions/billing-period.ts';
import { planChangeTiming } from '../../domain/subscriptions/plan-change.ts';
import { addedSeatsLine, periodLine, planChangeLines } from '../../domain/subscriptions/subscription-lines.ts';
import { type SubscriptionPrice, samePrice } from '../../domain/subscriptions/subscription-price.ts';
import { currentPeriodOf } from './live-subscription.ts';

/** Where the workspace is asked to go: a subscription price (with seats), or a plan without one (free, flex). */
export type PlanTarget =
  | { kind: 'subscription'; price: SubscriptionPrice; seats: number | null }
  | { kind: 'no_subscription'; planId: string };

export type ChangeQuote =
  | { effect: 'unchanged' }
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
  | { effect: 'period_end'; kind: 'schedule'; price: SubscriptionPrice; seats: number | null; at: Temporal.Instant }
  | { effect: 'period_end'; kind: 'cancel'; endsWithPlanId: string; at: Temporal.Instant };

export interface CurrentBilling {
  planId: string;
  subscription: SubscriptionRow | undefined;
  /** Seat increases bought but not yet paid for. */
  pendingSeats: number;
}

export function quoteChange(current: CurrentBilling, target: PlanTarget, now: Temporal.Instant): ChangeQuote {
  const subscription = current.subscription;
  if (!subscription) {
    if (target.kind === 'no_subscription') {
      return target.planId === current.planId
        ? { effect: 'unchanged' }
        : { effect: 'now', kind: 'switch_plan', planId: target.planId };
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

  const period = currentPeriodOf(subscription);
  if (now.epochMilliseconds >= period.end.epochMilliseconds) {
    // The period has ended and the renewal job (every minute) has not run yet: nothing is left to prorate.
    throw new BillingError('subscription_conflict', 'The subscription is renewing right now. Try again in a minute.');
  }
  if (target.kind === 'no_subscription') {
    if (subscription.cancel_at_period_end && (subscription.ends_with_plan_id ?? 'free') === target.planId) {
      return { effect: 'unchanged' };
    }
    return { effect: 'period_end', kind: 'cancel', endsWithPlanId: target.planId, at: period.end };
  }

  const from = { price: subscription.price, seats: subscription.seats };
  if (samePrice(from.price, target.price)) return quoteSeatChange(current, subscription, target, period, now);

  const timing = planChangeTiming(from, target);
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
  return { effect: 'period_end', kind: 'schedule', price: target.price, seats: target.seats, at: period.end };
}

function quoteSeatChange(
  current: CurrentBilling,
  subscription: SubscriptionRow,
  target: { price: SubscriptionPrice; seats: number | null },
  period: BillingPeriod,
  now: Temporal.Instant,
): ChangeQuote {
  const bought = subscription.seats ?? 0;
  const withPending = bought + current.pendingSeats;
  if (target.seats === null || target.seats === bought) {
    return current.pendingSeats > 0 ? seatsBeingPaid() : { effect: 'unchanged' };
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
  if (current.pendingSeats > 0) return seatsBeingPaid();
  return { effect: 'period_end', kind: 'schedule', price: subscription.price, seats: target.seats, at: period.end };
}

function seatsBeingPaid(): never {
  throw new BillingError(
    'subscription_conflict',
    'Seats just added are still being paid for. Wait a moment, reload, and change the quantity again.',
  );
}
