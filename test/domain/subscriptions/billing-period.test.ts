// Billing periods from the anchor: month ends clamp (Jan 31 → Feb 28 → Mar 31, never Mar 28), periods are
// contiguous, and the share of a period left is counted in whole seconds.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { billingPeriod, periodBoundary, remainingShare } from '../../../src/domain/subscriptions/billing-period.ts';

const at = (iso: string) => Temporal.Instant.from(iso);
const day = 86_400;

describe('periods counted from the anchor', () => {
  it('a Jan 31 anchor ends its months on Feb 28, Mar 31, Apr 30 and May 31', () => {
    const anchor = at('2027-01-31T10:00:00Z');
    const ends = [0, 1, 2, 3].map((n) => billingPeriod(anchor, 'month', n).end.toString());
    expect(ends).toEqual([
      '2027-02-28T10:00:00Z',
      '2027-03-31T10:00:00Z',
      '2027-04-30T10:00:00Z',
      '2027-05-31T10:00:00Z',
    ]);
    expect(billingPeriod(anchor, 'month', 1).start.toString()).toBe('2027-02-28T10:00:00Z');
  });

  it('in a leap year the February period ends on the 29th', () => {
    expect(billingPeriod(at('2028-01-31T00:00:00Z'), 'month', 0).end.toString()).toBe('2028-02-29T00:00:00Z');
  });

  it('a yearly Feb 29 anchor renews on Feb 28, and on Feb 29 again in leap years', () => {
    const anchor = at('2028-02-29T00:00:00Z');
    expect(periodBoundary(anchor, 'year', 1).toString()).toBe('2029-02-28T00:00:00Z');
    expect(periodBoundary(anchor, 'year', 4).toString()).toBe('2032-02-29T00:00:00Z');
  });

  it('property: periods are contiguous, increasing, 28–31 days a month, and 12 months make a year', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 240 }),
        (date, index) => {
          const anchor = Temporal.Instant.fromEpochMilliseconds(date.getTime());
          const period = billingPeriod(anchor, 'month', index);
          const next = billingPeriod(anchor, 'month', index + 1);
          expect(period.end.equals(next.start)).toBe(true);
          expect(Temporal.Instant.compare(period.start, period.end)).toBe(-1);
          expect(Temporal.Instant.compare(next.start, next.end)).toBe(-1);
          const days = period.start.until(period.end).total('hours') / 24;
          expect(days).toBeGreaterThanOrEqual(28);
          expect(days).toBeLessThanOrEqual(31);
          const years = Math.floor(index / 12);
          expect(periodBoundary(anchor, 'month', 12 * years).equals(periodBoundary(anchor, 'year', years))).toBe(true);
        },
      ),
    );
  });

  it('property: a yearly period is 365 or 366 days, and contiguous with the next', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 20 }),
        (date, index) => {
          const anchor = Temporal.Instant.fromEpochMilliseconds(date.getTime());
          const period = billingPeriod(anchor, 'year', index);
          expect(period.end.equals(billingPeriod(anchor, 'year', index + 1).start)).toBe(true);
          expect([365, 366]).toContain(period.start.until(period.end).total('hours') / 24);
        },
      ),
    );
  });
});

describe('the share of a period left', () => {
  const april = { start: at('2027-04-01T00:00:00Z'), end: at('2027-05-01T00:00:00Z') };

  it('is half at the middle of a 30-day period', () => {
    expect(remainingShare(april, at('2027-04-16T00:00:00Z'))).toEqual({ used: 15 * day, whole: 30 * day });
  });

  it('is all of it at the start, in whole seconds (0.6 s left counts as one second)', () => {
    expect(remainingShare(april, april.start)).toEqual({ used: 30 * day, whole: 30 * day });
    expect(remainingShare(april, at('2027-04-30T23:59:59.400Z'))).toEqual({ used: 1, whole: 30 * day });
  });

  it('refuses a moment outside the period', () => {
    expect(() => remainingShare(april, april.end)).toThrow(RangeError);
    expect(() => remainingShare(april, at('2027-03-31T23:00:00Z'))).toThrow(RangeError);
  });

  // Boundaries keep the anchor's milliseconds (an anchor is the moment someone subscribed). An instant in the
  // last half second of such a period is still inside it: 0.3 s are left, charged as one whole second, as
  // the 23:59:59.400 case above is.
  const withMillis = { start: at('2027-04-01T00:00:00.500Z'), end: at('2027-05-01T00:00:00.500Z') };

  it('counts the last fraction of a second of a period whose boundaries have milliseconds', () => {
    expect(remainingShare(withMillis, at('2027-05-01T00:00:00.200Z'))).toEqual({ used: 1, whole: 30 * day });
  });

  it('refuses a moment a fraction of a second before such a period starts', () => {
    expect(() => remainingShare(withMillis, at('2027-04-01T00:00:00.200Z'))).toThrow(RangeError);
  });
});
