// A coupon (what is taken off, for how long, on which plans, how often it may be redeemed, until when) and a
// promotion code (the customer-facing code for a coupon, with its own limits): their types and the operator's
// definition of each, checked field by field.
import type { Temporal } from 'temporal-polyfill';
import { BillingError } from '../errors.ts';
import { currencyExponent, formatMoney } from '../money/money.ts';

/** Taken off each discounted invoice: a whole percent of its lines, or a fixed amount in one currency. */
export type CouponValue =
  | { kind: 'percent'; percentOff: number }
  | { kind: 'amount'; amountOff: number; currency: string };

/** once: the first invoice only; repeating: the periods that start within `months` of the redemption; forever. */
export type CouponDuration = { kind: 'once' } | { kind: 'repeating'; months: number } | { kind: 'forever' };

export interface Coupon {
  id: string;
  name: string;
  value: CouponValue;
  duration: CouponDuration;
  /** The plans it applies to; null for every plan. */
  planIds: string[] | null;
  maxRedemptions: number | null;
  timesRedeemed: number;
  /** No redemption at or after this moment (subscriptions already discounted keep their discount). */
  redeemBy: Temporal.Instant | null;
}

export interface PromotionCode {
  id: string;
  couponId: string;
  /** What the customer types, stored upper-case; matched case-insensitively. */
  code: string;
  maxRedemptions: number | null;
  timesRedeemed: number;
  expiresAt: Temporal.Instant | null;
  /** Only for a workspace that never paid an invoice and never had a subscription in force (docs/decisions/021). */
  firstTimeOnly: boolean;
  active: boolean;
}

/** The most a repeating coupon may last, and the most redemptions a coupon or code may allow. */
export const maxCouponMonths = 120;
export const maxRedemptionsLimit = 1_000_000_000;

export interface CouponRequest {
  name?: string;
  percentOff?: number;
  amountOff?: number;
  currency?: string;
  duration: 'once' | 'repeating' | 'forever';
  months?: number;
  planIds?: string[];
  maxRedemptions?: number;
  redeemBy?: Temporal.Instant;
}

/** The coupon an operator asked for, or a 400 naming the field that is wrong. */
export function couponFromRequest(
  id: string,
  request: CouponRequest,
  knownPlanIds: readonly string[],
): Omit<Coupon, 'timesRedeemed'> {
  const value = couponValue(request);
  const duration = couponDuration(request);
  const planIds = request.planIds === undefined || request.planIds.length === 0 ? null : [...new Set(request.planIds)];
  const unknown = planIds?.find((planId) => !knownPlanIds.includes(planId));
  if (unknown !== undefined) {
    throw invalid('plans', `There is no plan "${unknown}". Plans: ${knownPlanIds.join(', ')}.`);
  }
  const maxRedemptions = checkedMaxRedemptions(request.maxRedemptions);
  const name = request.name?.trim() || `${valueLabel(value)} ${durationLabel(duration)}`;
  return { id, name, value, duration, planIds, maxRedemptions, redeemBy: request.redeemBy ?? null };
}

export interface PromotionCodeRequest {
  code: string;
  maxRedemptions?: number;
  expiresAt?: Temporal.Instant;
  firstTimeOnly?: boolean;
}

/** Letters, digits, - and _, 3 to 40 of them. */
const codePattern = /^[A-Z0-9_-]{3,40}$/;

export function promotionCodeFromRequest(
  id: string,
  coupon: Coupon,
  request: PromotionCodeRequest,
): Omit<PromotionCode, 'timesRedeemed'> {
  const code = normalizeCode(request.code);
  if (!codePattern.test(code)) {
    throw invalid('code', 'A promotion code is 3 to 40 letters, digits, "-" or "_" (e.g. SPRING20).');
  }
  return {
    id,
    couponId: coupon.id,
    code,
    maxRedemptions: checkedMaxRedemptions(request.maxRedemptions),
    expiresAt: request.expiresAt ?? null,
    firstTimeOnly: request.firstTimeOnly ?? false,
    active: true,
  };
}

/** How a customer's typing is matched: spaces around it ignored, any case. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** "20% off", "$5.00 off". */
export function valueLabel(value: CouponValue): string {
  return value.kind === 'percent' ? `${value.percentOff}% off` : `${formatMoney(value.amountOff, value.currency)} off`;
}

/** "once", "for 3 months", "forever". */
export function durationLabel(duration: CouponDuration): string {
  if (duration.kind === 'repeating') return `for ${duration.months} ${duration.months === 1 ? 'month' : 'months'}`;
  return duration.kind;
}

function couponValue(request: CouponRequest): CouponValue {
  const { percentOff, amountOff } = request;
  if ((percentOff === undefined) === (amountOff === undefined)) {
    throw invalid('percentOff', 'Give either percentOff (1–100) or amountOff with its currency, not both.');
  }
  if (percentOff !== undefined) {
    if (!Number.isInteger(percentOff) || percentOff < 1 || percentOff > 100) {
      throw invalid('percentOff', 'percentOff is a whole percent from 1 to 100.');
    }
    if (request.currency !== undefined) throw invalid('currency', 'A percent-off coupon takes no currency.');
    return { kind: 'percent', percentOff };
  }
  const currency = request.currency?.toLowerCase();
  if (!currency || !isCurrency(currency)) {
    throw invalid('currency', 'An amount-off coupon needs its currency, a three-letter ISO 4217 code (e.g. usd).');
  }
  if (amountOff === undefined || !Number.isSafeInteger(amountOff) || amountOff < 1) {
    throw invalid(
      'amountOff',
      `amountOff is a positive whole number of minor units (500 is ${formatMoney(500, currency)}).`,
    );
  }
  return { kind: 'amount', amountOff, currency };
}

function couponDuration(request: CouponRequest): CouponDuration {
  if (request.duration === 'repeating') {
    const months = request.months;
    if (months === undefined || !Number.isInteger(months) || months < 1 || months > maxCouponMonths) {
      throw invalid('months', `A repeating coupon needs months, a whole number from 1 to ${maxCouponMonths}.`);
    }
    return { kind: 'repeating', months };
  }
  if (request.months !== undefined) throw invalid('months', 'Only a repeating coupon takes months.');
  return { kind: request.duration };
}

function checkedMaxRedemptions(max: number | undefined): number | null {
  if (max === undefined) return null;
  if (!Number.isInteger(max) || max < 1 || max > maxRedemptionsLimit) {
    throw invalid('maxRedemptions', 'maxRedemptions is a whole number of at least 1 (leave it out for no limit).');
  }
  return max;
}

function isCurrency(code: string): boolean {
  if (!/^[a-z]{3}$/.test(code)) return false;
  try {
    currencyExponent(code);
    return true;
  } catch {
    return false;
  }
}

function invalid(param: string, message: string): BillingError {
  return new BillingError('invalid_request', message, { param });
}
