// The operator's coupons, oldest first, keyset-paginated.
import type { Page, PageRequest } from '../../db/keyset-page.ts';
import { toPage } from '../../db/keyset-page.ts';
import type { BillingDeps } from '../deps.ts';
import { type CouponView, couponView } from './coupon-view.ts';
import { listCoupons as couponsAfter } from './discounts.queries.ts';

export async function listCoupons(deps: Pick<BillingDeps, 'db'>, page: PageRequest): Promise<Page<CouponView>> {
  const rows = await couponsAfter(deps.db, page.startingAfter, page.limit + 1);
  return toPage(rows.map(couponView), page.limit);
}
