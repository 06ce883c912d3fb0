// A coupon and a promotion code as the operator API and the CLI show them.
import { toDate } from '../../domain/clock.ts';
import type { Coupon, PromotionCode } from '../../domain/discounts/coupon.ts';
import { durationLabel, valueLabel } from '../../domain/discounts/coupon.ts';

export interface CouponView {
  id: string;
  name: string;
  description: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  durationInMonths: number | null;
  appliesToPlans: string[] | null;
  maxRedemptions: number | null;
  timesRedeemed: number;
  redeemBy: Date | null;
}

export interface PromotionCodeView {
  id: string;
  code: string;
  couponId: string;
  maxRedemptions: number | null;
  timesRedeemed: number;
  expiresAt: Date | null;
  firstTimeOnly: boolean;
  active: boolean;
}

export function couponView(coupon: Coupon): CouponView {
  const { value, duration } = coupon;
  return {
    id: coupon.id,
    name: coupon.name,
    description: `${valueLabel(value)} ${durationLabel(duration)}`,
    percentOff: value.kind === 'percent' ? value.percentOff : null,
    amountOff: value.kind === 'amount' ? value.amountOff : null,
    currency: value.kind === 'amount' ? value.currency : null,
    duration: duration.kind,
    durationInMonths: duration.kind === 'repeating' ? duration.months : null,
    appliesToPlans: coupon.planIds,
    maxRedemptions: coupon.maxRedemptions,
    timesRedeemed: coupon.timesRedeemed,
    redeemBy: coupon.redeemBy ? toDate(coupon.redeemBy) : null,
  };
}

export function promotionCodeView(code: PromotionCode): PromotionCodeView {
  return {
    id: code.id,
    code: code.code,
    couponId: code.couponId,
    maxRedemptions: code.maxRedemptions,
    timesRedeemed: code.timesRedeemed,
    expiresAt: code.expiresAt ? toDate(code.expiresAt) : null,
    firstTimeOnly: code.firstTimeOnly,
    active: code.active,
  };
}
