// The operator defines a coupon (CLI `billfold coupons create`, POST /v1/operator/coupons): checked against the
// catalog's plans, stored with no redemption yet.
import { toDate } from '../../domain/clock.ts';
import { type CouponRequest, couponFromRequest } from '../../domain/discounts/coupon.ts';
import { newId } from '../../domain/ids.ts';
import type { BillingDeps } from '../deps.ts';
import { type CouponView, couponView } from './coupon-view.ts';
import { insertCoupon } from './discounts.queries.ts';

export async function createCoupon(
  deps: Pick<BillingDeps, 'db' | 'clock' | 'catalog'>,
  request: CouponRequest,
): Promise<CouponView> {
  const coupon = couponFromRequest(
    newId('coupon'),
    request,
    deps.catalog.plans.map((plan) => plan.id),
  );
  await insertCoupon(deps.db, coupon, toDate(deps.clock.now()));
  return couponView({ ...coupon, timesRedeemed: 0 });
}
