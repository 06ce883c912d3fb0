// A discount put on a subscription's invoice lines: which lines it covers (a period it covers, a plan it applies
// to) and the one line it adds, "20% off for 3 months (SPRING20)", carrying a negative amount. A change's quote,
// a renewal and the page's next charge all go through here, so each shows what is billed.
import type { Temporal } from 'temporal-polyfill';
import type { InvoiceLine } from '../invoices/invoice-totals.ts';
import type { BillingPeriod } from '../subscriptions/billing-period.ts';
import type { Renewal } from '../subscriptions/next-renewal.ts';
import type { ChangeQuote } from '../subscriptions/quote-change.ts';
import type { Subscription } from '../subscriptions/subscription.ts';
import type { SubscriptionPrice } from '../subscriptions/subscription-price.ts';
import { valueLabel } from './coupon.ts';
import { type Discount, discountAppliesTo, discountCovers, discountDescription } from './discount.ts';
import { discountAmount, percentOffLine } from './discount-line.ts';

/** A line of the invoice, and the price and period it bills (to ask whether the discount covers it). */
export interface BilledLine {
  line: InvoiceLine;
  price: SubscriptionPrice;
  periodStart: Temporal.Instant;
}

/**
 * The lines with the discount's line added when it takes something off; the lines as they are otherwise. What it
 * takes off is never more than all the lines come to.
 */
export function withDiscountLine(
  billed: readonly BilledLine[],
  discount: Discount | null,
  period: BillingPeriod,
): InvoiceLine[] {
  const lines = billed.map((b) => b.line);
  if (!discount) return lines;
  const covered = billed
    .filter(
      (b) => discountCovers(discount, b.periodStart) && discountAppliesTo(discount, b.price.planId, b.price.currency),
    )
    .map((b) => b.line);
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const coveredSum = covered.reduce((sum, line) => sum + line.amount, 0);
  const { value } = discount;
  if (coveredSum < 0 && value.kind === 'percent') {
    // Only the unused time of a discounted price is covered (a change to a plan the coupon is not for): it is
    // credited at what was paid for it, so the part never paid comes back on a line of its own.
    const unpaid = -covered.reduce((sum, line) => sum + percentOffLine(line.amount, value.percentOff), 0);
    if (unpaid <= 0) return lines;
    const code = discount.promotionCode ? ` (${discount.promotionCode})` : '';
    return [...lines, ownLine(`Unused time was ${valueLabel(value)}${code}`, unpaid, period)];
  }
  const off = Math.min(discountAmount(covered, value), Math.max(subtotal, 0));
  if (off <= 0) return lines;
  return [...lines, ownLine(discountDescription(discount), -off, period)];
}

/** One unit at the line's amount: the invoice reads "1 × −$7.20", not a negative count. */
function ownLine(description: string, amount: number, period: BillingPeriod): InvoiceLine {
  return {
    description,
    quantity: 1,
    unitAmount: amount,
    amount,
    periodStart: new Date(period.start.epochMilliseconds),
    periodEnd: new Date(period.end.epochMilliseconds),
    proration: false,
  };
}

/** A renewal's lines: the new period's, discounted while the discount lasts. */
export function renewalLines(renewal: Renewal, discount: Discount | null): InvoiceLine[] {
  return withDiscountLine(
    [{ line: renewal.line, price: renewal.price, periodStart: renewal.period.start }],
    discount,
    renewal.period,
  );
}

/**
 * A change charged now, with the subscription's discount (or the one a promotion code starts) on its lines: the
 * unused time of the old price is credited at what was paid for it, the rest of the period charged at the
 * discounted new price. A change that charges nothing now is returned as it is.
 */
export function discountedQuote(
  quote: ChangeQuote,
  current: Subscription | null,
  discount: Discount | null,
): ChangeQuote {
  if (!discount || quote.effect !== 'now' || quote.kind === 'switch_plan') return quote;
  // A trial, or a change during one, charges nothing now: the first period is invoiced at the trial's end, by the
  // renewal, which applies the discount there.
  if (quote.kind === 'start_trial' || quote.kind === 'trial_change') return quote;
  if (quote.kind === 'subscribe') {
    const billed = quote.lines.map((line) => ({ line, price: quote.price, periodStart: quote.period.start }));
    return { ...quote, lines: withDiscountLine(billed, discount, quote.period) };
  }
  if (!current) return quote;
  const period = current.currentPeriod;
  if (quote.kind === 'add_seats') {
    const billed = quote.lines.map((line) => ({ line, price: current.price, periodStart: period.start }));
    return { ...quote, lines: withDiscountLine(billed, discount, period) };
  }
  // planChangeLines: the credit for the old price's unused time, then the new price's charge.
  const [credit, charge, ...rest] = quote.lines;
  if (!credit || !charge || rest.length > 0) return quote;
  const billed = [
    { line: credit, price: current.price, periodStart: period.start },
    { line: charge, price: quote.price, periodStart: quote.newAnchor ?? period.start },
  ];
  return { ...quote, lines: withDiscountLine(billed, discount, period) };
}
