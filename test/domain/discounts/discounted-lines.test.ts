// The discount put on a subscription's lines: only the lines of periods it covers and plans it applies to lose
// anything, the discount is one line of its own, and the invoice's total stays at zero or above whatever the mix.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Discount } from '../../../src/domain/discounts/discount.ts';
import { type BilledLine, withDiscountLine } from '../../../src/domain/discounts/discounted-lines.ts';
import { fullLine, proratedLine } from '../../../src/domain/invoices/invoice-totals.ts';
import type { SubscriptionPrice } from '../../../src/domain/subscriptions/subscription-price.ts';

const at = (iso: string) => Temporal.Instant.from(iso);
const period = { start: at('2027-04-01T00:00:00Z'), end: at('2027-05-01T00:00:00Z') };
const dates = { start: new Date('2027-04-01T00:00:00Z'), end: new Date('2027-05-01T00:00:00Z') };

function price(planId: string): SubscriptionPrice {
  return {
    planId,
    planName: planId,
    tierId: null,
    tierName: null,
    interval: 'month',
    currency: 'usd',
    unitAmount: 1200,
    perSeat: true,
    creditsPerPeriod: 0,
    catalogVersion: 1,
  };
}

const teamOnly: Discount = {
  couponId: 'coupon_1',
  couponName: 'Spring',
  value: { kind: 'percent', percentOff: 20 },
  duration: { kind: 'repeating', months: 3 },
  planIds: ['team'],
  promotionCode: 'SPRING20',
  startedAt: at('2027-03-01T00:00:00Z'),
  endsAt: at('2027-06-01T00:00:00Z'),
};

describe('a discount on the lines', () => {
  it('3 Team seats: "20% off for 3 months (SPRING20)", 1 × −$7.20', () => {
    const lines = withDiscountLine(
      [{ line: fullLine('Team', 3, 1200, dates), price: price('team'), periodStart: period.start }],
      teamOnly,
      period,
    );
    expect(lines.map((l) => [l.description, l.quantity, l.unitAmount, l.amount])).toEqual([
      ['Team', 3, 1200, 3600],
      ['20% off for 3 months (SPRING20)', 1, -720, -720],
    ]);
  });

  it('leaves a plan it does not apply to, and a period after it ends, as they are', () => {
    const pro = [{ line: fullLine('Pro', 1, 4900, dates), price: price('pro'), periodStart: period.start }];
    expect(withDiscountLine(pro, teamOnly, period)).toHaveLength(1);
    const june = [
      { line: fullLine('Team', 1, 1200, dates), price: price('team'), periodStart: at('2027-06-01T00:00:00Z') },
    ];
    expect(withDiscountLine(june, teamOnly, period)).toHaveLength(1);
  });

  it('Team → Pro with a Team-only coupon: the Team credit is at what was paid, the Pro charge in full', () => {
    // −$36.00 × ½ = −$18.00, of which 20% (−$3.60) was never paid: the credit is −$14.40; Pro $49 × ½ = $24.50.
    const lines = withDiscountLine(
      [
        {
          line: proratedLine('Unused Team', -3, 1200, { used: 1, whole: 2 }, dates),
          price: price('team'),
          periodStart: period.start,
        },
        {
          line: proratedLine('Pro', 1, 4900, { used: 1, whole: 2 }, dates),
          price: price('pro'),
          periodStart: period.start,
        },
      ],
      teamOnly,
      period,
    );
    expect(lines.map((l) => [l.description, l.amount])).toEqual([
      ['Unused Team', -1800],
      ['Pro', 2450],
      ['Unused time was 20% off (SPRING20)', 360],
    ]);
    expect(lines.reduce((sum, l) => sum + l.amount, 0)).toBe(1010);
  });

  it('never takes an invoice below zero, whichever lines the discount covers', () => {
    const billed = fc.array(
      fc.record({
        amount: fc.integer({ min: -100_000, max: 100_000 }),
        plan: fc.constantFrom('team', 'pro'),
        proration: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(billed, fc.integer({ min: 1, max: 100 }), (rows, percentOff) => {
        const lines: BilledLine[] = rows.map((row) => ({
          line: {
            description: row.plan,
            quantity: 1,
            unitAmount: Math.abs(row.amount),
            amount: row.amount,
            periodStart: dates.start,
            periodEnd: dates.end,
            proration: row.proration,
          },
          price: price(row.plan),
          periodStart: period.start,
        }));
        const before = rows.reduce((sum, row) => sum + row.amount, 0);
        const after = withDiscountLine(lines, { ...teamOnly, value: { kind: 'percent', percentOff } }, period).reduce(
          (sum, line) => sum + line.amount,
          0,
        );
        // Less, or (only a discounted credit covered) the credit brought back to what was paid: never below zero.
        if (before >= 0) expect(after).toBeGreaterThanOrEqual(0);
        const teamSum = rows.filter((r) => r.plan === 'team').reduce((sum, r) => sum + r.amount, 0);
        if (teamSum >= 0) expect(after).toBeLessThanOrEqual(before);
        else expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});
