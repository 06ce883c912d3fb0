// The extra credits of a mid-period upgrade: the difference between the tiers' credits per period, in full or
// prorated by the seconds LEFT of the period (remainingShare()'s `used`), rounded half away from zero; a
// change to a tier with fewer or the same credits grants nothing.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { upgradeCreditsGrant } from '../../../src/domain/credits/period-credits.ts';
import { billingPeriod, remainingShare } from '../../../src/domain/subscriptions/billing-period.ts';

const day = 86_400;
const half = { used: 15 * day, whole: 30 * day };

describe('upgradeCreditsGrant', () => {
  it('10,000 → 50,000 with 15 of 30 days left, prorated: 20,000', () => {
    // (50,000 − 10,000) × 15/30 = 40,000 × ½ = 20,000.
    expect(upgradeCreditsGrant(10_000, 50_000, half, 'prorated')).toBe(20_000);
  });

  it('10,000 → 50,000 in full: the whole difference, 40,000, however little of the period is left', () => {
    expect(upgradeCreditsGrant(10_000, 50_000, half, 'full')).toBe(40_000);
    expect(upgradeCreditsGrant(10_000, 50_000, { used: 1, whole: 30 * day }, 'full')).toBe(40_000);
  });

  it.each([
    ['a downgrade, 50,000 → 10,000', 50_000, 10_000],
    ['the same credits, 10,000 → 10,000', 10_000, 10_000],
    ['to a tier without credits', 10_000, 0],
  ])('%s grants 0, prorated or in full', (_label, from, to) => {
    expect(upgradeCreditsGrant(from, to, half, 'prorated')).toBe(0);
    expect(upgradeCreditsGrant(from, to, half, 'full')).toBe(0);
  });

  it('at the very start of the period (all of it left) the prorated grant is the whole difference', () => {
    expect(upgradeCreditsGrant(10_000, 50_000, { used: 30 * day, whole: 30 * day }, 'prorated')).toBe(40_000);
  });

  it('rounds half away from zero: 40,000 × 162 / 2,592,000 = 2.5 → 3', () => {
    // 30 days = 2,592,000 s; 40,000 × 162 = 6,480,000; / 2,592,000 = 2.5 exactly.
    expect(upgradeCreditsGrant(10_000, 50_000, { used: 162, whole: 30 * day }, 'prorated')).toBe(3);
    // 40,000 × 161 / 2,592,000 = 2.4846… → 2.
    expect(upgradeCreditsGrant(10_000, 50_000, { used: 161, whole: 30 * day }, 'prorated')).toBe(2);
  });

  it('with the share from remainingShare(): upgrading on Apr 11 of April 2027 prorates by the 20 days left', () => {
    // remainingShare's `used` is the time LEFT: Apr 11 → May 1 = 20 of 30 days, so a late upgrade gets less.
    // 40,000 × 20/30 = 26,666.67 → 26,667; on Apr 26 (5 days left): 40,000 × 5/30 = 6,666.67 → 6,667.
    const april = billingPeriod(Temporal.Instant.from('2027-04-01T00:00:00Z'), 'month', 0);
    const on = (iso: string) => remainingShare(april, Temporal.Instant.from(iso));
    expect(upgradeCreditsGrant(10_000, 50_000, on('2027-04-11T00:00:00Z'), 'prorated')).toBe(26_667);
    expect(upgradeCreditsGrant(10_000, 50_000, on('2027-04-26T00:00:00Z'), 'prorated')).toBe(6_667);
    expect(upgradeCreditsGrant(10_000, 50_000, on('2027-04-01T00:00:00Z'), 'prorated')).toBe(40_000);
  });

  it('property: 0 ≤ prorated ≤ full, within half a credit of the exact share, and growing with the time left', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 366 * day }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (from, to, whole, split) => {
          const used = Math.max(1, Math.floor(whole * split));
          const prorated = upgradeCreditsGrant(from, to, { used, whole }, 'prorated');
          const full = upgradeCreditsGrant(from, to, { used, whole }, 'full');
          expect(full).toBe(Math.max(0, to - from));
          expect(prorated).toBeGreaterThanOrEqual(0);
          expect(prorated).toBeLessThanOrEqual(full);
          // |prorated × whole − full × used| ≤ whole / 2.
          expect(Math.abs(prorated * whole - full * used)).toBeLessThanOrEqual(whole / 2);
          if (used < whole) {
            expect(upgradeCreditsGrant(from, to, { used: used + 1, whole }, 'prorated')).toBeGreaterThanOrEqual(
              prorated,
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
