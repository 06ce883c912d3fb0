// Starts a discount on a just-created subscription, in the transaction that creates it on the locked workspace:
// counts the use of the promotion code and of its coupon (refused when a concurrent redemption took the last
// one), stores the discount, and writes the `customer.discount.created` event and the audit entry.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import type { Clock } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { recordEvent } from '../events/record-event.ts';
import { discountView } from './discount-view.ts';
import { countRedemption, insertSubscriptionDiscount } from './discounts.queries.ts';
import type { Redemption } from './promotion-code-discount.ts';

export async function startDiscount(
  trx: BillfoldTransaction,
  deps: { clock: Clock },
  redemption: Redemption,
  subscription: { id: string; workspaceId: string },
  actor: AuditActor,
): Promise<void> {
  const { discount, promotionCodeId } = redemption;
  if (!(await countRedemption(trx, promotionCodeId, discount.couponId))) {
    throw new BillingError(
      'invalid_request',
      `The promotion code ${discount.promotionCode} has been used as many times as it may be.`,
      { param: 'promotionCode' },
    );
  }
  await insertSubscriptionDiscount(
    trx,
    {
      subscriptionId: subscription.id,
      workspaceId: subscription.workspaceId,
      couponId: discount.couponId,
      promotionCodeId,
    },
    discount,
  );
  const view = { subscriptionId: subscription.id, ...discountView(discount) };
  await recordEvent(trx, deps.clock, {
    workspaceId: subscription.workspaceId,
    type: 'customer.discount.created',
    data: { object: view },
  });
  await recordAudit(trx, deps.clock, {
    workspaceId: subscription.workspaceId,
    actor,
    action: 'discount.created',
    targetId: subscription.id,
    before: null,
    after: view,
  });
}
