// Ends a subscription: at its period end after Cancel, or after the last failed dunning retry. The workspace
// returns to Free (or Flex when it asked for it); its members stay, and invites over the free limit are refused.
import type { SubscriptionRow } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';

export async function endSubscription(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock'>,
  subscription: SubscriptionRow,
  reason: 'canceled_at_period_end' | 'payment_failed',
): Promise<void> {
  const planId = subscription.ends_with_plan_id ?? 'free';
  await trx
    .updateTable('subscription')
    .set({
      status: 'canceled',
      canceled_at: toDate(deps.clock.now()),
      cancel_at_period_end: false,
      scheduled_change: null,
      next_retry_at: null,
    })
    .where('id', '=', subscription.id)
    .execute();
  await trx
    .updateTable('workspace_billing')
    .set({ plan_id: planId, max_users: null, updated_at: toDate(deps.clock.now()) })
    .where('workspace_id', '=', subscription.workspace_id)
    .execute();
  await recordEvent(trx, deps.clock, {
    workspaceId: subscription.workspace_id,
    type: 'subscription.canceled',
    data: { id: subscription.id, reason, planAfter: planId },
  });
}
