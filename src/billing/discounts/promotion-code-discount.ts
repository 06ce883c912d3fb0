// The discount a promotion code would start with a change: only a change that starts a subscription takes a code;
// the code must exist, be in force, have uses left, apply to the plan and, when first-time only, the workspace
// must never have paid an invoice. Reads only: the preview asks it, and carrying out the change asks it again
// under the workspace lock before counting the redemption (start-discount.ts).
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { normalizeCode } from '../../domain/discounts/coupon.ts';
import { type Discount, redeemPromotionCode } from '../../domain/discounts/discount.ts';
import { BillingError } from '../../domain/errors.ts';
import type { ChangeQuote } from '../../domain/subscriptions/quote-change.ts';
import { findPromotionCode, hasPaidInvoice } from './discounts.queries.ts';

export interface Redemption {
  discount: Discount;
  promotionCodeId: string;
}

export async function promotionCodeDiscount(
  db: BillfoldDb | BillfoldTransaction,
  workspaceId: string,
  typed: string,
  quote: ChangeQuote,
): Promise<Redemption> {
  if (quote.effect !== 'now' || quote.kind !== 'subscribe') {
    throw new BillingError(
      'invalid_request',
      'A promotion code applies when a subscription starts: this workspace already has one, so leave the code out.',
      { param: 'promotionCode' },
    );
  }
  const found = await findPromotionCode(db, normalizeCode(typed));
  const discount = redeemPromotionCode(typed.trim(), found, {
    now: quote.period.start,
    planId: quote.price.planId,
    planName: quote.price.planName,
    currency: quote.price.currency,
    firstTime: !(await hasPaidInvoice(db, workspaceId)),
    firstPeriodEnd: quote.period.end,
  });
  return { discount, promotionCodeId: found?.code.id as string };
}
