// Billing periods counted from the subscription's anchor: period n runs from anchor + n intervals to
// anchor + (n + 1) intervals, each boundary computed from the anchor itself, so a Jan 31 anchor gives
// Feb 28 (or 29) and then Mar 31, never a day that drifted to the 28th.
import type { Temporal } from 'temporal-polyfill';
import type { BillingInterval } from '../plans/plan.ts';

export interface BillingPeriod {
  start: Temporal.Instant;
  end: Temporal.Instant;
}

/** The n-th boundary after the anchor; month-end anchors clamp to the shorter month's last day. */
export function periodBoundary(anchor: Temporal.Instant, interval: BillingInterval, n: number): Temporal.Instant {
  const start = anchor.toZonedDateTimeISO('UTC');
  const moved = interval === 'month' ? start.add({ months: n }) : start.add({ years: n });
  return moved.toInstant();
}

export function billingPeriod(anchor: Temporal.Instant, interval: BillingInterval, index: number): BillingPeriod {
  return { start: periodBoundary(anchor, interval, index), end: periodBoundary(anchor, interval, index + 1) };
}

/**
 * Whole seconds in the period and seconds left of it at `at`, the share a proration charges. A part of a
 * second left counts as a whole one; `at` must lie in [start, end), compared to the millisecond.
 */
export function remainingShare(period: BillingPeriod, at: Temporal.Instant): { used: number; whole: number } {
  const wholeMs = period.end.epochMilliseconds - period.start.epochMilliseconds;
  const leftMs = period.end.epochMilliseconds - at.epochMilliseconds;
  if (wholeMs <= 0) throw new RangeError('a billing period must have a positive length');
  if (leftMs <= 0 || leftMs > wholeMs)
    throw new RangeError(`${at} is not inside the period ${period.start}–${period.end}`);
  const whole = Math.ceil(wholeMs / 1000);
  return { used: Math.min(whole, Math.ceil(leftMs / 1000)), whole };
}
