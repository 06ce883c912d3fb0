// Ending a subscription now: the unused time of what the period was paid (by the second, rounded once), never more
// than was paid, and the transition that moves the workspace to Free at once.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { billingPeriod } from '../../../src/domain/subscriptions/billing-period.ts';
import { unusedTimeOf } from '../../../src/domain/subscriptions/subscription-lines.ts';

const march2027 = billingPeriod(Temporal.Instant.from('2027-03-01T00:00:00Z'), 'month', 0);

describe('unusedTimeOf', () => {
  it('$36.00 paid for March 2027, ended Mar 16 12:00 UTC: 1,339,200 of 2,678,400 s left → $18.00', () => {
    expect(unusedTimeOf(3600, march2027, Temporal.Instant.from('2027-03-16T12:00:00Z'))).toBe(1800);
  });

  it('one second into the period gives back all but a sliver; nothing paid gives back nothing', () => {
    expect(unusedTimeOf(3600, march2027, Temporal.Instant.from('2027-03-01T00:00:01Z'))).toBe(3600);
    expect(unusedTimeOf(0, march2027, Temporal.Instant.from('2027-03-16T12:00:00Z'))).toBe(0);
  });

  it('is never negative nor more than was paid, and shrinks as the period goes on', () => {
    const whole = march2027.end.epochMilliseconds - march2027.start.epochMilliseconds;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1000, max: whole - 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (paid, offset, later) => {
          const at = march2027.start.add({ milliseconds: offset });
          const refund = unusedTimeOf(paid, march2027, at);
          expect(refund).toBeGreaterThanOrEqual(0);
          expect(refund).toBeLessThanOrEqual(paid);
          expect(unusedTimeOf(paid, march2027, at.add({ milliseconds: later }))).toBeLessThanOrEqual(refund);
        },
      ),
    );
  });
});
