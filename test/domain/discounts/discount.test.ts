// Which periods a discount covers (once, repeating N months counted from the redemption, forever; a yearly
// period starting within the N months counts whole), its invoice line, and why a promotion code is refused.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Coupon, PromotionCode } from '../../../src/domain/discounts/coupon.ts';
import { couponFromRequest, promotionCodeFromRequest } from '../../../src/domain/discounts/coupon.ts';
import {
  type Discount,
  discountCovers,
  discountDescription,
  discountEndsAt,
  redeemPromotionCode,
} from '../../../src/domain/discounts/discount.ts';
import { BillingError } from '../../../src/domain/errors.ts';
import { billingPeriod } from '../../../src/domain/subscriptions/billing-period.ts';

const at = (iso: string) => Temporal.Instant.from(iso);
const start = at('2027-01-31T00:00:00Z');

function discount(duration: Coupon['duration'], interval: 'month' | 'year' = 'month'): Discount {
  return {
    couponId: 'coupon_1',
    couponName: 'Spring',
    value: { kind: 'percent', percentOff: 20 },
    duration,
    planIds: null,
    promotionCode: 'SPRING20',
    startedAt: start,
    endsAt: discountEndsAt(duration, start, billingPeriod(start, interval, 0).end),
  };
}

const coveredMonths = (d: Discount, interval: 'month' | 'year' = 'month') =>
  [0, 1, 2, 3, 4, 5].filter((n) => discountCovers(d, billingPeriod(start, interval, n).start));

describe('the periods a discount covers', () => {
  it('repeating 3 months from Jan 31: the Jan 31, Feb 28 and Mar 31 periods, not Apr 30', () => {
    const d = discount({ kind: 'repeating', months: 3 });
    expect(d.endsAt?.toString()).toBe('2027-04-30T00:00:00Z');
    expect(coveredMonths(d)).toEqual([0, 1, 2]);
  });

  it('once: the first period only', () => {
    expect(coveredMonths(discount({ kind: 'once' }))).toEqual([0]);
  });

  it('forever: every period', () => {
    expect(coveredMonths(discount({ kind: 'forever' }))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a yearly plan with 3 months: the first year is discounted whole (it starts within them), the second not', () => {
    expect(coveredMonths(discount({ kind: 'repeating', months: 3 }, 'year'), 'year')).toEqual([0]);
  });

  it('repeating N months on a monthly plan covers exactly N periods, whatever the start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.date({ min: new Date('2026-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        (months, date) => {
          const begin = Temporal.Instant.fromEpochMilliseconds(date.getTime());
          const d: Discount = {
            ...discount({ kind: 'repeating', months }),
            startedAt: begin,
            endsAt: discountEndsAt({ kind: 'repeating', months }, begin, billingPeriod(begin, 'month', 0).end),
          };
          const covered = Array.from({ length: 30 }, (_, n) => n).filter((n) =>
            discountCovers(d, billingPeriod(begin, 'month', n).start),
          );
          expect(covered.length).toBe(months);
        },
      ),
    );
  });

  it('describes itself as its invoice line: "20% off for 3 months (SPRING20)", "$5.00 off forever"', () => {
    expect(discountDescription(discount({ kind: 'repeating', months: 3 }))).toBe('20% off for 3 months (SPRING20)');
    expect(
      discountDescription({
        value: { kind: 'amount', amountOff: 500, currency: 'usd' },
        duration: { kind: 'forever' },
        promotionCode: null,
      }),
    ).toBe('$5.00 off forever');
  });
});

describe('redeeming a promotion code', () => {
  const now = at('2027-03-01T00:00:00Z');
  const coupon: Coupon = {
    ...couponFromRequest('coupon_1', { percentOff: 20, duration: 'repeating', months: 3, planIds: ['team'] }, [
      'free',
      'team',
      'pro',
    ]),
    timesRedeemed: 0,
  };
  const code: PromotionCode = {
    ...promotionCodeFromRequest('promo_1', coupon, { code: 'spring20', firstTimeOnly: true }),
    timesRedeemed: 0,
  };
  const context = {
    now,
    planId: 'team',
    planName: 'Team',
    currency: 'usd',
    firstTime: true,
    firstPeriodEnd: at('2027-04-01T00:00:00Z'),
  };
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      if (error instanceof BillingError) return `${error.param ?? ''}: ${error.message}`;
      throw error;
    }
    return 'accepted';
  };

  it('starts 20% off for 3 months, ending Jun 1', () => {
    const d = redeemPromotionCode('spring20', { code, coupon }, context);
    expect(d.promotionCode).toBe('SPRING20');
    expect(d.endsAt?.toString()).toBe('2027-06-01T00:00:00Z');
  });

  it('refuses, on promotionCode, an unknown, expired, used-up, other-plan or not-first-time code', () => {
    expect(refusal(() => redeemPromotionCode('NOPE', null, context))).toBe(
      'promotionCode: There is no promotion code "NOPE". Check the spelling.',
    );
    expect(refusal(() => redeemPromotionCode('x', { code: { ...code, expiresAt: now }, coupon }, context))).toBe(
      'promotionCode: The promotion code SPRING20 has expired.',
    );
    expect(refusal(() => redeemPromotionCode('x', { code, coupon: { ...coupon, redeemBy: now } }, context))).toBe(
      'promotionCode: The promotion code SPRING20 has expired.',
    );
    expect(
      refusal(() =>
        redeemPromotionCode('x', { code: { ...code, maxRedemptions: 2, timesRedeemed: 2 }, coupon }, context),
      ),
    ).toBe('promotionCode: The promotion code SPRING20 has been used as many times as it may be.');
    expect(
      refusal(() =>
        redeemPromotionCode('x', { code, coupon: { ...coupon, maxRedemptions: 1, timesRedeemed: 1 } }, context),
      ),
    ).toBe('promotionCode: The promotion code SPRING20 has been used as many times as it may be.');
    expect(
      refusal(() => redeemPromotionCode('x', { code, coupon }, { ...context, planId: 'pro', planName: 'Pro' })),
    ).toBe('promotionCode: The promotion code SPRING20 does not apply to Pro.');
    expect(refusal(() => redeemPromotionCode('x', { code, coupon }, { ...context, firstTime: false }))).toBe(
      'promotionCode: The promotion code SPRING20 is for a first subscription only, and this workspace has had one.',
    );
  });

  it('refuses a coupon asked for wrongly, naming the field', () => {
    const plans = ['team'];
    expect(refusal(() => couponFromRequest('c', { percentOff: 0, duration: 'once' }, plans))).toMatch(/^percentOff:/);
    expect(refusal(() => couponFromRequest('c', { percentOff: 101, duration: 'once' }, plans))).toMatch(/^percentOff:/);
    expect(refusal(() => couponFromRequest('c', { amountOff: 500, duration: 'once' }, plans))).toMatch(/^currency:/);
    expect(refusal(() => couponFromRequest('c', { percentOff: 20, duration: 'repeating' }, plans))).toMatch(/^months:/);
    expect(refusal(() => couponFromRequest('c', { percentOff: 20, duration: 'once', planIds: ['gold'] }, plans))).toBe(
      'plans: There is no plan "gold". Plans: team.',
    );
    expect(refusal(() => promotionCodeFromRequest('p', coupon, { code: 'a b' }))).toMatch(/^code:/);
  });
});
