// Pricing a credit purchase: a pack sells at its price; a custom amount within the plan's bounds (inclusive)
// costs credits × unitAmountPer1000 / 1000, rounded once, half away from zero, on one invoice line; anything
// else is an invalid_request naming the field the buyer got wrong (`pack` or `credits`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CreditOffer, formatCredits, priceCredits } from '../../../src/domain/credits/credit-offer.ts';
import { BillingError } from '../../../src/domain/errors.ts';
import { formatMoney } from '../../../src/domain/money/money.ts';

const packs = [
  { id: 'credits_1000', credits: 1000, currency: 'usd', unitAmount: 1000 },
  { id: 'credits_5000', credits: 5000, currency: 'usd', unitAmount: 4500 },
];
const custom = (unitAmountPer1000: number, minCredits = 1, maxCredits = 1_000_000) => ({
  minCredits,
  maxCredits,
  currency: 'usd',
  unitAmountPer1000,
});
const flex: CreditOffer = { packs, custom: custom(1000, 1000, 1_000_000) };

function thrown(run: () => unknown): BillingError {
  try {
    run();
  } catch (error) {
    if (error instanceof BillingError) return error;
    throw error;
  }
  throw new Error('expected a BillingError');
}

describe('packs', () => {
  it('a pack grants its credits for its price, on one unprorated line', () => {
    expect(priceCredits(flex, { pack: 'credits_5000' })).toEqual({
      credits: 5000,
      packId: 'credits_5000',
      currency: 'usd',
      line: {
        description: '5,000 credits',
        quantity: 1,
        unitAmount: 4500,
        amount: 4500,
        periodStart: null,
        periodEnd: null,
        proration: false,
      },
    });
  });

  it('an unknown pack is an invalid_request on `pack` that lists the packs there are', () => {
    const error = thrown(() => priceCredits(flex, { pack: 'credits_9999' }));
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe('pack');
    expect(error.message).toBe(
      'There is no credit pack "credits_9999" on this plan. Choose one of: credits_1000, credits_5000.',
    );
  });

  it('a pack can be bought from a plan that sells packs only', () => {
    expect(priceCredits({ packs, custom: null }, { pack: 'credits_1000' }).line.amount).toBe(1000);
  });
});

describe('custom amounts', () => {
  it('2,500 credits at $10.00 per 1,000 is one $25.00 line', () => {
    // 2500 × 1000 / 1000 = 2500 cents.
    const priced = priceCredits(flex, { credits: 2500 });
    expect(priced).toMatchObject({ credits: 2500, packId: null, currency: 'usd' });
    expect(priced.line).toMatchObject({ description: '2,500 credits', quantity: 1, unitAmount: 2500, amount: 2500 });
    expect(formatMoney(priced.line.amount, priced.currency)).toBe('$25.00');
  });

  it.each([
    // [credits, unitAmountPer1000, amount, the arithmetic]
    [1, 1000, 1, '1 × 1000 / 1000 = 1'],
    [1, 1, 0, '1 × 1 / 1000 = 0.001 → 0'],
    [499, 1, 0, '499 / 1000 = 0.499 → 0'],
    [500, 1, 1, '500 / 1000 = 0.5 → 1 (half away from zero)'],
    [1500, 1, 2, '1500 / 1000 = 1.5 → 2'],
    [2500, 1, 3, '2500 / 1000 = 2.5 → 3, not the even 2'],
    [2499, 1, 2, '2499 / 1000 = 2.499 → 2'],
    [1234, 999, 1233, '1234 × 999 / 1000 = 1232.766 → 1233'],
    [333, 1500, 500, '333 × 1500 / 1000 = 499.5 → 500'],
    [1_000_000, 850, 850_000, '1,000,000 × 850 / 1000 = 850,000'],
  ])('%i credits at %i per 1,000 cost %i (%s)', (credits, per1000, amount) => {
    expect(priceCredits({ packs: [], custom: custom(per1000) }, { credits }).line.amount).toBe(amount);
  });

  it('the bounds are inclusive: 1,000 and 1,000,000 sell, 999 and 1,000,001 are refused on `credits`', () => {
    expect(priceCredits(flex, { credits: 1000 }).line.amount).toBe(1000);
    // 1,000,000 × 1000 / 1000 = 1,000,000 cents = $10,000.00.
    expect(priceCredits(flex, { credits: 1_000_000 }).line.amount).toBe(1_000_000);
    for (const credits of [999, 1_000_001, 0, -5]) {
      const error = thrown(() => priceCredits(flex, { credits }));
      expect(error.code).toBe('invalid_request');
      expect(error.param).toBe('credits');
      expect(error.message).toBe('Buy between 1,000 and 1,000,000 credits.');
    }
  });

  it('a plan that sells packs only refuses an amount, on `credits`', () => {
    const error = thrown(() => priceCredits({ packs, custom: null }, { credits: 2500 }));
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe('credits');
    expect(error.message).toBe('This plan sells credits in packs only: choose a pack.');
  });

  it('property: the amount is the exact price rounded half away from zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), (credits, per1000) => {
        const amount = priceCredits({ packs: [], custom: custom(per1000) }, { credits }).line.amount;
        // |1000 × amount − credits × per1000| ≤ 500, and a tie (exactly 500) rounds up.
        const error = 1000 * amount - credits * per1000;
        expect(Math.abs(error)).toBeLessThanOrEqual(500);
        if (Math.abs(error) === 500) expect(error).toBe(500);
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatCredits', () => {
  it.each([
    [1, '1'],
    [1000, '1,000'],
    [20_000, '20,000'],
    [1_000_000, '1,000,000'],
  ])('%i → %s', (credits, text) => {
    expect(formatCredits(credits)).toBe(text);
  });
});
