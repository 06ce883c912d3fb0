// Invoice lines and totals: each line rounded once, subtotal = sum of rounded lines, total = subtotal + tax.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fullLine,
  type InvoiceLine,
  invoiceTotals,
  proratedLine,
} from '../../../src/domain/invoices/invoice-totals.ts';
import { taxOn } from '../../../src/domain/invoices/tax-rates.ts';

const period = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };
const day = 86_400;

const lineArbitrary: fc.Arbitrary<InvoiceLine> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1_000_000 }))
    .map(([quantity, unitAmount]) => fullLine('Seats', quantity, unitAmount, period)),
  fc
    .tuple(
      fc.integer({ min: -500, max: 500 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 1, max: 31 * day }),
    )
    .chain(([quantity, unitAmount, whole]) =>
      fc
        .integer({ min: 0, max: whole })
        .map((used) => proratedLine('Seats (prorated)', quantity, unitAmount, { used, whole }, period)),
    ),
);
const rateArbitrary = fc.option(
  fc
    .integer({ min: 0, max: 30_000 })
    .map((basisPoints) => ({ country: 'XX', percent: (basisPoints / 100).toFixed(2) })),
);

describe('fullLine', () => {
  it('a credit of nothing is 0, not -0', () => {
    expect(Object.is(fullLine('Unused seats', -2, 0).amount, 0)).toBe(true);
  });
});

describe('invoiceTotals', () => {
  it('subtotal is the sum of the rounded lines and total is subtotal + tax, all whole minor units', () => {
    fc.assert(
      fc.property(fc.array(lineArbitrary, { minLength: 1, maxLength: 20 }), rateArbitrary, (lines, rate) => {
        const totals = invoiceTotals(lines, rate);
        expect(totals.subtotal).toBe(lines.reduce((sum, line) => sum + line.amount, 0));
        expect(totals.total).toBe(totals.subtotal + totals.tax);
        expect(totals.tax).toBe(totals.subtotal > 0 ? taxOn(totals.subtotal, rate) : 0);
        for (const amount of [totals.subtotal, totals.tax, totals.total, ...lines.map((l) => l.amount)]) {
          expect(Number.isSafeInteger(amount)).toBe(true);
        }
      }),
    );
  });

  it('a credit larger than the charges leaves nothing to tax', () => {
    const lines = [fullLine('Seats', 1, 1000), proratedLine('Unused time', -3, 1000, { used: 1, whole: 2 }, period)];
    expect(invoiceTotals(lines, { country: 'DE', percent: '19' })).toEqual({ subtotal: -500, tax: 0, total: -500 });
  });
});

describe('proratedLine', () => {
  it('over the whole period equals the full line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100, max: 10_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 366 * day }),
        (quantity, unitAmount, whole) => {
          // + 0 turns JavaScript's -0 (a credit of nothing) into the 0 an invoice shows.
          expect(proratedLine('x', quantity, unitAmount, { used: whole, whole }, period).amount).toBe(
            quantity * unitAmount + 0,
          );
        },
      ),
    );
  });

  it('two parts of a period add up to the full amount within one minor unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 366 * day }),
        fc.nat(),
        (quantity, unitAmount, whole, cut) => {
          const used = cut % (whole + 1);
          const first = proratedLine('x', quantity, unitAmount, { used, whole }, period).amount;
          const second = proratedLine('x', quantity, unitAmount, { used: whole - used, whole }, period).amount;
          expect(Math.abs(first + second - quantity * unitAmount)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it.each([
    // One seat at $12.00 for 10 of 30 days: 1200 × 10/30 = 400.
    [1, 1200, 10 * day, 30 * day, 400],
    // Three seats at $12.00 for 15 days of a 31-day month: 3600 × 15/31 = 1741.935… → 1742.
    [3, 1200, 15 * day, 31 * day, 1742],
    // A credit for half a period rounds away from zero too: -1 × 1001 / 2 = -500.5 → -501.
    [-1, 1001, 1, 2, -501],
  ])('%i × %i for %i of %i seconds is %i', (quantity, unitAmount, used, whole, amount) => {
    const line = proratedLine('Seats', quantity, unitAmount, { used, whole }, period);
    expect(line).toMatchObject({ amount, quantity, unitAmount, proration: true });
  });

  it('refuses fractional prices and shares', () => {
    expect(() => fullLine('x', 1, 12.5)).toThrow(RangeError);
    expect(() => proratedLine('x', 1, 100, { used: 1.5, whole: 3 }, period)).toThrow(RangeError);
    expect(() => proratedLine('x', 1, 100, { used: 1, whole: 0 }, period)).toThrow(RangeError);
  });
});
