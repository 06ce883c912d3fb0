// The invoice lines a subscription produces: a whole period at renewal, the prorated remainder of the period
// for added seats, and for an immediate plan change a credit for the unused time of the old price beside a
// charge for the rest of the period (or a whole new period when the interval changes) at the new one; and what a
// subscription ended now gives back of what its period was paid.
import type { Temporal } from 'temporal-polyfill';
import { fullLine, type InvoiceLine, proratedLine } from '../invoices/invoice-totals.ts';
import { type BillingPeriod, remainingShare } from './billing-period.ts';
import type { PricedSeats } from './plan-change.ts';
import { billedQuantity, priceLabel, type SubscriptionPrice } from './subscription-price.ts';

export function periodLine(price: SubscriptionPrice, seats: number | null, period: BillingPeriod): InvoiceLine {
  return fullLine(describe(price), billedQuantity(price, seats), price.unitAmount, dates(period));
}

/** Seats added at `at`: each new seat costs its unit price times the share of the period left. */
export function addedSeatsLine(
  price: SubscriptionPrice,
  addedSeats: number,
  period: BillingPeriod,
  at: Temporal.Instant,
): InvoiceLine {
  return proratedLine(
    `${describe(price)}, ${addedSeats} added ${addedSeats === 1 ? 'seat' : 'seats'} for the rest of the period`,
    addedSeats,
    price.unitAmount,
    remainingShare(period, at),
    dates(period),
  );
}

/**
 * An immediate change at `at`: credit the old price's unused time, then charge the new price for the rest of
 * the period, or for a whole `nextPeriod` when the change starts a new one (a longer interval).
 */
export function planChangeLines(
  current: PricedSeats,
  next: PricedSeats,
  period: BillingPeriod,
  at: Temporal.Instant,
  nextPeriod: BillingPeriod | null,
): InvoiceLine[] {
  const share = remainingShare(period, at);
  const credit = proratedLine(
    `Unused time on ${describe(current.price)}`,
    -billedQuantity(current.price, current.seats),
    current.price.unitAmount,
    share,
    dates(period),
  );
  const charge = nextPeriod
    ? periodLine(next.price, next.seats, nextPeriod)
    : proratedLine(
        `Remaining time on ${describe(next.price)}`,
        billedQuantity(next.price, next.seats),
        next.price.unitAmount,
        share,
        dates(period),
      );
  return [credit, charge];
}

/**
 * What a subscription ended now at `at` gives back: the unused share of the period (by the second, as every
 * proration) of what its invoice was paid, rounded once, half away from zero.
 */
export function unusedTimeOf(paid: number, period: BillingPeriod, at: Temporal.Instant): number {
  if (paid <= 0) return 0;
  return proratedLine('Unused time', 1, paid, remainingShare(period, at), dates(period)).amount;
}

function describe(price: SubscriptionPrice): string {
  return price.perSeat ? `${priceLabel(price)} — per seat` : priceLabel(price);
}

function dates(period: BillingPeriod): { start: Date; end: Date } {
  return { start: new Date(period.start.epochMilliseconds), end: new Date(period.end.epochMilliseconds) };
}
