// The operator's promotion codes, oldest first, keyset-paginated.
import type { Page, PageRequest } from '../../db/keyset-page.ts';
import { toPage } from '../../db/keyset-page.ts';
import type { BillingDeps } from '../deps.ts';
import { type PromotionCodeView, promotionCodeView } from './coupon-view.ts';
import { listPromotionCodes as codesAfter } from './discounts.queries.ts';

export async function listPromotionCodes(
  deps: Pick<BillingDeps, 'db'>,
  page: PageRequest,
): Promise<Page<PromotionCodeView>> {
  const rows = await codesAfter(deps.db, page.startingAfter, page.limit + 1);
  return toPage(rows.map(promotionCodeView), page.limit);
}
