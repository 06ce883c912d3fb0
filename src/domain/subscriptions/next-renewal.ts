// The renewal as it will run: the scheduled change applied, the next period, seats never below those in use.
// The renewal bills exactly this, and the page's "Next charge" is its total with the buyer's tax.
import type { Temporal } from 'temporal-polyfill';
import type { InvoiceLine } from '../invoices/invoice-totals.ts';
import { type BillingPeriod, billingPeriod } from './billing-period.ts';
import type { Subscription } from './subscription.ts';
import { periodLine } from './subscription-lines.ts';
import type { SubscriptionPrice } from './subscription-price.ts';
import { isInTrialPeriod } from './trial.ts';

export interface Renewal {
  price: SubscriptionPrice;
  seats: number | null;
  anchor: Temporal.Instant;
  periodIndex: number;
  period: BillingPeriod;
  line: InvoiceLine;
}

/** Null when the subscription ends at the period end (a cancel, or a switch to Flex) instead of renewing. */
export function nextRenewal(subscription: Subscription, seatsInUse: number): Renewal | null {
  if (subscription.status === 'canceled' || subscription.status === 'incomplete') return null;
  const scheduled = subscription.atPeriodEnd;
  if (scheduled?.kind === 'cancel' || scheduled?.kind === 'switch') return null;
  const price = scheduled?.price ?? subscription.price;
  const wantedSeats = scheduled ? scheduled.seats : subscription.seats;
  // Members and invites that arrived after a decrease was scheduled still hold their seats.
  const seats = price.perSeat ? Math.max(wantedSeats ?? 1, seatsInUse) : null;
  // A new interval starts its own periods at the old period's end, and so does the first paid period after a trial.
  const reanchors = price.interval !== subscription.price.interval || isInTrialPeriod(subscription);
  const anchor = reanchors ? subscription.currentPeriod.end : subscription.anchor;
  const periodIndex = reanchors ? 0 : subscription.periodIndex + 1;
  const period = billingPeriod(anchor, price.interval, periodIndex);
  return { price, seats, anchor, periodIndex, period, line: periodLine(price, seats, period) };
}
