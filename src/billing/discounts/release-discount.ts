// Gives back the redemption of a subscription that never came into force (its first payment declined): the
// discount goes with the dropped subscription, and the code and its coupon get their use back, so a retry with
// a good card, or another workspace, can still redeem it.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { systemActor } from '../../domain/access/actor.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { deleteSubscriptionDiscount } from './discounts.queries.ts';

export async function releaseDiscount(
  trx: BillfoldTransaction,
  deps: { clock: Clock },
  subscription: { id: string; workspaceId: string },
): Promise<void> {
  const released = await deleteSubscriptionDiscount(trx, subscription.id);
  if (!released) return;
  await recordAudit(trx, deps.clock, {
    workspaceId: subscription.workspaceId,
    actor: systemActor,
    action: 'discount.released',
    targetId: subscription.id,
    before: released,
    after: null,
  });
}
