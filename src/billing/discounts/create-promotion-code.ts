// The operator gives a coupon a customer-facing code (CLI `billfold promotion-codes create`,
// POST /v1/operator/promotion-codes): the coupon must exist, the code must be free (any case).
import { isUniqueViolation } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { type PromotionCodeRequest, promotionCodeFromRequest } from '../../domain/discounts/coupon.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { BillingDeps } from '../deps.ts';
import { type PromotionCodeView, promotionCodeView } from './coupon-view.ts';
import { findCoupon, insertPromotionCode } from './discounts.queries.ts';

export async function createPromotionCode(
  deps: Pick<BillingDeps, 'db' | 'clock'>,
  request: PromotionCodeRequest & { couponId: string },
): Promise<PromotionCodeView> {
  const coupon = await findCoupon(deps.db, request.couponId);
  if (!coupon) {
    throw new BillingError('invalid_request', `There is no coupon "${request.couponId}".`, { param: 'coupon' });
  }
  const code = promotionCodeFromRequest(newId('promo'), coupon, request);
  try {
    await insertPromotionCode(deps.db, code, toDate(deps.clock.now()));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new BillingError('promotion_code_exists', `The promotion code ${code.code} exists already. Choose another.`, {
      param: 'code',
    });
  }
  return promotionCodeView({ ...code, timesRedeemed: 0 });
}
