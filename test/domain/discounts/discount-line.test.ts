// What a discount takes off an invoice: a percent rounded once per line, half away from zero; a fixed amount off
// the whole-period lines; never more than the lines come to. Hand-worked figures, then fast-check properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CouponValue } from '../../../src/domain/discounts/coupon.ts';
import { type DiscountableLine, discountAmount, percentOffLine } from '../../../src/domain/discounts/discount-line.ts';
import { divideRoundingHalfAwayFromZero } from '../../../src/domain/money/money.ts';

const line = (amount: number, proration = false): DiscountableLine => ({ amount, proration });
const percent = (percentOff: number): CouponValue => ({ kind: 'percent', percentOff });
const amountOff = (off: number): CouponValue => ({ kind: 'amount', amountOff: off, currency: 'usd' });

describe('a percent off', () => {
  it('20% of Team at 3 seats: $36.00 → $7.20 off, $28.80 to pay', () => {
    expect(discountAmount([line(3600)], percent(20))).toBe(720);
  });

  it('rounds each line once, half away from zero: 15% of 10¢ is 1.5¢ → 2¢; of −10¢ is −1.5¢ → −2¢', () => {
    expect(percentOffLine(10, 15)).toBe(2);
    expect(percentOffLine(-10, 15)).toBe(-2);
    // Two lines of 10¢ lose 2¢ each (4¢), where 15% of their 20¢ sum would be 3¢.
    expect(discountAmount([line(10), line(10)], percent(15))).toBe(4);
  });

  it('discounts a credit for unused time too: 20% of (−$12.00 + $20.00) = −$2.40 + $4.00 = $1.60', () => {
    expect(discountAmount([line(-1200, true), line(2000, true)], percent(20))).toBe(160);
  });

  it('takes nothing off lines that come to nothing or less', () => {
    expect(discountAmount([line(-1200, true), line(1000, true)], percent(20))).toBe(0);
    expect(discountAmount([], percent(50))).toBe(0);
  });

  it('100% off leaves exactly zero', () => {
    expect(discountAmount([line(3600), line(1633, true)], percent(100))).toBe(5233);
  });
});

describe('an amount off', () => {
  it('$5.00 off $36.00 → $31.00; $50.00 off $36.00 → $36.00 off, nothing to pay', () => {
    expect(discountAmount([line(3600)], amountOff(500))).toBe(500);
    expect(discountAmount([line(3600)], amountOff(5000))).toBe(3600);
  });

  it('leaves a prorated change alone: its share of the amount was taken off with the period', () => {
    expect(discountAmount([line(-1200, true), line(1633, true)], amountOff(500))).toBe(0);
  });
});

const lines = fc.array(
  fc.record({ amount: fc.integer({ min: -1_000_000, max: 1_000_000 }), proration: fc.boolean() }),
  { maxLength: 8 },
);
const values = fc.oneof(
  fc.integer({ min: 1, max: 100 }).map(percent),
  fc.integer({ min: 1, max: 2_000_000 }).map(amountOff),
);
const sum = (ls: readonly DiscountableLine[]) => ls.reduce((s, l) => s + l.amount, 0);

describe('properties', () => {
  it('the total after the discount is never negative, and nothing is added to it', () => {
    fc.assert(
      fc.property(lines, values, (ls, value) => {
        const off = discountAmount(ls, value);
        expect(off).toBeGreaterThanOrEqual(0);
        if (sum(ls) >= 0) expect(sum(ls) - off).toBeGreaterThanOrEqual(0);
        else expect(off).toBe(0);
      }),
    );
  });

  it('no line loses more than itself to a percent, and keeps its sign', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 100 }), (amount, p) => {
        const off = percentOffLine(amount, p);
        expect(Math.abs(off)).toBeLessThanOrEqual(Math.abs(amount));
        const left = amount - off;
        expect(amount >= 0 ? left >= 0 : left <= 0).toBe(true);
      }),
    );
  });

  it('a percent of the sum is within 1 cent per line of the per-line discounts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 100 }),
        (amounts, p) => {
          const ofSum = divideRoundingHalfAwayFromZero(BigInt(sum(amounts.map((a) => line(a)))) * BigInt(p), 100n);
          const perLine = discountAmount(
            amounts.map((a) => line(a)),
            percent(p),
          );
          expect(Math.abs(perLine - ofSum)).toBeLessThanOrEqual(amounts.length);
        },
      ),
    );
  });

  it('an amount off never exceeds the subtotal, nor the amount', () => {
    fc.assert(
      fc.property(lines, fc.integer({ min: 1, max: 2_000_000 }), (ls, off) => {
        const taken = discountAmount(ls, amountOff(off));
        expect(taken).toBeLessThanOrEqual(Math.max(sum(ls), 0));
        expect(taken).toBeLessThanOrEqual(off);
      }),
    );
  });
});
