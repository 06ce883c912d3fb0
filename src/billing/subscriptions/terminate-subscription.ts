// Ends a subscription now, at a billing manager's request (not at the period end): the workspace returns to Free at
// once, and the unused time of the period, at what its invoice was paid (less its earlier refunds), is refunded
// through the refund use case — to the card (pending refund recorded in this same transaction, the gateway asked
// after it) or to the customer balance.
import { inTransaction } from '../../db/transaction.ts';
import { type AuditActor, auditActorOf } from '../../domain/access/actor.ts';
import { BillingError } from '../../domain/errors.ts';
import { terminate } from '../../domain/subscriptions/subscription-lifecycle.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { CreditNoteView } from '../credit-notes/credit-note-view.ts';
import { findRefundOfRequest } from '../credit-notes/credit-notes.queries.ts';
import { completeRefund, startRefund } from '../credit-notes/refund-invoice.ts';
import type { BillingDeps } from '../deps.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { refundableUnusedTime } from './refundable-unused-time.ts';
import { liveSubscription } from './subscriptions.queries.ts';
import { writeTransition } from './write-transition.ts';

export type TerminationRefund = 'card' | 'balance' | 'none';

/** Answers the credit note of the refund, or null when none was asked for or nothing was paid. */
export async function terminateSubscription(
  deps: BillingDeps,
  access: WorkspaceAccess,
  refundTo: TerminationRefund,
  requestRef: string | null,
): Promise<CreditNoteView | null> {
  const actor: AuditActor = auditActorOf(access.actor);
  const workspaceId = access.workspace.id;
  const started = await inTransaction(deps.db, async (trx) => {
    const { deps: workspaceDeps } = await lockWorkspace(trx, deps, workspaceId);
    // A retry of a request that ended the subscription and never answered finishes its refund.
    const earlier = requestRef ? await findRefundOfRequest(trx, workspaceId, requestRef) : undefined;
    if (earlier) return earlier;
    const subscription = await liveSubscription(trx, workspaceId);
    if (!subscription || subscription.status === 'incomplete' || subscription.status === 'canceled') {
      throw new BillingError('no_subscription', `${access.workspace.name} has no paid subscription to end.`);
    }
    const now = workspaceDeps.clock.now();
    const refundable = await refundableUnusedTime(trx, subscription, now);
    const amount = refundTo === 'none' ? 0 : refundable.amount;
    await writeTransition(trx, workspaceDeps, terminate(subscription, now, { to: refundTo, amount }), { actor });
    if (!refundable.invoiceId || refundTo === 'none' || amount <= 0) return null;
    const until = subscription.currentPeriod.end.toString().slice(0, 10);
    return startRefund(
      trx,
      workspaceDeps,
      workspaceId,
      refundable.invoiceId,
      {
        amount,
        reason: 'requested_by_customer',
        memo: `Unused time of ${subscription.price.planName} until ${until}: the subscription was ended early.`,
        to: refundTo,
      },
      actor,
      requestRef,
    );
  });
  if (!started || 'number' in started) return started;
  return completeRefund(deps, started, actor);
}
