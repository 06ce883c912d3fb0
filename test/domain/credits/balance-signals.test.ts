// The low-balance and depleted signals fire on the change that crosses the line, once, not on every debit
// below it; the low-balance line is the auto top-up threshold when set, else a tenth of the balance after a grant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BalanceSignal,
  balanceSignals,
  lowBalanceThresholdAfterGrant,
} from '../../../src/domain/credits/balance-signals.ts';

describe('balanceSignals', () => {
  it.each([
    ['500 → 400 crosses a threshold of 450', 500, 400, 450, ['low_balance']],
    ['450 → 449: from exactly the threshold to below it', 450, 449, 450, ['low_balance']],
    ['500 → 450: down to the threshold is not below it', 500, 450, 450, []],
    ['400 → 300: already below, no second signal', 400, 300, 450, []],
    ['500 → 0 crosses the threshold and runs out: both', 500, 0, 100, ['low_balance', 'depleted']],
    ['50 → 0, already below the threshold: only depleted', 50, 0, 100, ['depleted']],
    ['0 → 0: already empty, nothing new', 0, 0, 100, []],
    ['10 → 1000: a grant raises the balance, nothing', 10, 1000, 100, []],
    ['5 → 0 without a threshold: depleted only', 5, 0, null, ['depleted']],
    ['500 → 1 without a threshold: nothing', 500, 1, null, []],
    ['a threshold of 0 can never be crossed: 5 → 0 is only depleted', 5, 0, 0, ['depleted']],
  ] as const)('%s', (_label, before, after, threshold, expected) => {
    expect(balanceSignals(before, after, threshold)).toEqual(expected);
  });

  it('property: along any falling balance, each signal fires at most once, and exactly once when it crosses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { maxLength: 30 }),
        fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
        (start, debits, threshold) => {
          const fired: BalanceSignal[] = [];
          let balance = start;
          for (const debit of debits) {
            const after = Math.max(0, balance - debit);
            fired.push(...balanceSignals(balance, after, threshold));
            balance = after;
          }
          const count = (s: BalanceSignal) => fired.filter((f) => f === s).length;
          const crossedLow = threshold !== null && start >= threshold && balance < threshold;
          expect(count('low_balance')).toBe(crossedLow ? 1 : 0);
          expect(count('depleted')).toBe(start > 0 && balance === 0 ? 1 : 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('lowBalanceThresholdAfterGrant', () => {
  it('is a tenth of the balance after the grant, rounded down, without an auto top-up threshold', () => {
    // 1234 / 10 = 123.4 → 123; 9 / 10 = 0.9 → 0; 10_000 / 10 = 1000.
    expect(lowBalanceThresholdAfterGrant(1234, null)).toBe(123);
    expect(lowBalanceThresholdAfterGrant(9, null)).toBe(0);
    expect(lowBalanceThresholdAfterGrant(10_000, null)).toBe(1000);
  });

  it('is the auto top-up threshold when there is one, whatever the balance', () => {
    expect(lowBalanceThresholdAfterGrant(1234, 500)).toBe(500);
    expect(lowBalanceThresholdAfterGrant(100, 5000)).toBe(5000);
  });
});
