// What a discount takes off an invoice, as one line of its own: a percent is taken off every line it covers
// (a credit for unused time too, so a change credits what was actually paid), rounded once per line half away
// from zero; a fixed amount is taken off the whole-period lines only (a prorated line's share of it was taken
// off with the period). Never more than the lines come to: no line goes below zero, no total below zero.
import { divideRoundingHalfAwayFromZero } from '../money/money.ts';
import type { CouponValue } from './coupon.ts';

export interface DiscountableLine {
  amount: number;
  proration: boolean;
}

/** What each line loses to a percent discount: its amount × percent / 100, rounded once, half away from zero. */
export function percentOffLine(amount: number, percentOff: number): number {
  return divideRoundingHalfAwayFromZero(BigInt(amount) * BigInt(percentOff), 100n);
}

/**
 * The amount taken off `lines` (a positive number, or 0): never more than their sum, so the invoice's total stays at
 * zero or above; 0 when the lines come to nothing or less (a credit is not made larger by a discount).
 */
export function discountAmount(lines: readonly DiscountableLine[], value: CouponValue): number {
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  if (subtotal <= 0) return 0;
  const off =
    value.kind === 'percent'
      ? lines.reduce((sum, line) => sum + percentOffLine(line.amount, value.percentOff), 0)
      : Math.min(
          value.amountOff,
          lines.filter((line) => !line.proration).reduce((sum, line) => sum + line.amount, 0),
        );
  return Math.min(Math.max(off, 0), subtotal);
}
