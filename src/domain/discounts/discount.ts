// A discount: a coupon applied to a workspace's subscription from a moment on, until a moment or forever; which
// periods it covers, and whether a promotion code may start one for this workspace and plan now.
import { Temporal } from 'temporal-polyfill';
import { BillingError } from '../errors.ts';
import { formatMoney } from '../money/money.ts';
import {
  type Coupon,
  type CouponDuration,
  type CouponValue,
  durationLabel,
  type PromotionCode,
  valueLabel,
} from './coupon.ts';

export interface Discount {
  couponId: string;
  couponName: string;
  value: CouponValue;
  duration: CouponDuration;
  planIds: string[] | null;
  /** The code it was redeemed with (upper-case); null when the operator applied the coupon itself. */
  promotionCode: string | null;
  startedAt: Temporal.Instant;
  /** The first moment a period may start and no longer be discounted; null for forever. */
  endsAt: Temporal.Instant | null;
}

/**
 * When a discount redeemed at `startedAt` stops covering new periods: once — at the end of the first period;
 * repeating N months — N calendar months after the redemption (so a monthly plan gets N discounted periods, and a
 * yearly period that starts within the N months is discounted whole); forever — never.
 */
export function discountEndsAt(
  duration: CouponDuration,
  startedAt: Temporal.Instant,
  firstPeriodEnd: Temporal.Instant,
): Temporal.Instant | null {
  if (duration.kind === 'forever') return null;
  if (duration.kind === 'once') return firstPeriodEnd;
  return startedAt.toZonedDateTimeISO('UTC').add({ months: duration.months }).toInstant();
}

/** Whether the discount covers the period that starts at `periodStart` (and every line of it). */
export function discountCovers(discount: Discount, periodStart: Temporal.Instant): boolean {
  if (Temporal.Instant.compare(periodStart, discount.startedAt) < 0) return false;
  return discount.endsAt === null || Temporal.Instant.compare(periodStart, discount.endsAt) < 0;
}

/** Whether the discount applies to a price of this plan in this currency. */
export function discountAppliesTo(
  discount: Pick<Discount, 'planIds' | 'value'>,
  planId: string,
  currency: string,
): boolean {
  if (discount.planIds !== null && !discount.planIds.includes(planId)) return false;
  return discount.value.kind === 'percent' || discount.value.currency === currency.toLowerCase();
}

/** "20% off for 3 months (SPRING20)": the invoice line's description. */
export function discountDescription(discount: Pick<Discount, 'value' | 'duration' | 'promotionCode'>): string {
  const label = `${valueLabel(discount.value)} ${durationLabel(discount.duration)}`;
  return discount.promotionCode ? `${label} (${discount.promotionCode})` : label;
}

export interface RedemptionContext {
  now: Temporal.Instant;
  planId: string;
  planName: string;
  currency: string;
  /** The workspace never paid an invoice and never had a subscription in force. */
  firstTime: boolean;
  /** When the subscription's first period ends (for a coupon that lasts once). */
  firstPeriodEnd: Temporal.Instant;
}

/**
 * The discount a promotion code starts now, or a 400 on `promotionCode` saying why it cannot be used: unknown,
 * switched off, expired, used up, not for this plan or currency, or for first-time customers only.
 */
export function redeemPromotionCode(
  typed: string,
  found: { code: PromotionCode; coupon: Coupon } | null,
  context: RedemptionContext,
): Discount {
  if (!found?.code.active) throw refused(`There is no promotion code "${typed}". Check the spelling.`);
  const { code, coupon } = found;
  if (isPast(code.expiresAt, context.now) || isPast(coupon.redeemBy, context.now)) {
    throw refused(`The promotion code ${code.code} has expired.`);
  }
  if (isUsedUp(code) || isUsedUp(coupon)) {
    throw refused(`The promotion code ${code.code} has been used as many times as it may be.`);
  }
  if (coupon.planIds !== null && !coupon.planIds.includes(context.planId)) {
    throw refused(`The promotion code ${code.code} does not apply to ${context.planName}.`);
  }
  if (coupon.value.kind === 'amount' && coupon.value.currency !== context.currency.toLowerCase()) {
    throw refused(
      `The promotion code ${code.code} takes ${formatMoney(coupon.value.amountOff, coupon.value.currency)} off, ` +
        `and ${context.planName} is billed in ${context.currency.toUpperCase()}.`,
    );
  }
  if (code.firstTimeOnly && !context.firstTime) {
    throw refused(`The promotion code ${code.code} is for a first subscription only, and this workspace has had one.`);
  }
  return {
    couponId: coupon.id,
    couponName: coupon.name,
    value: coupon.value,
    duration: coupon.duration,
    planIds: coupon.planIds,
    promotionCode: code.code,
    startedAt: context.now,
    endsAt: discountEndsAt(coupon.duration, context.now, context.firstPeriodEnd),
  };
}

function isPast(limit: Temporal.Instant | null, now: Temporal.Instant): boolean {
  return limit !== null && Temporal.Instant.compare(now, limit) >= 0;
}

function isUsedUp(limited: { maxRedemptions: number | null; timesRedeemed: number }): boolean {
  return limited.maxRedemptions !== null && limited.timesRedeemed >= limited.maxRedemptions;
}

function refused(message: string): BillingError {
  return new BillingError('invalid_request', message, { param: 'promotionCode' });
}
