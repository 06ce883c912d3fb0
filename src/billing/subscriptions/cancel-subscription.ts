// Cancel (the subscription stays active until its period end, then the workspace returns to Free) and
// Resume (undoes a cancel before the period ends).
import { inTransaction } from '../../db/transaction.ts';
import { BillingError } from '../../domain/errors.ts';
import { auditActorOf } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { lockWorkspaceBillingAt } from '../test-clocks/workspace-clock.ts';
import { liveSubscription } from './live-subscription.ts';

export function cancelSubscription(deps: BillingDeps, access: WorkspaceAccess): Promise<void> {
  return setCancelAtPeriodEnd(deps, access, true);
}

export function resumeSubscription(deps: BillingDeps, access: WorkspaceAccess): Promise<void> {
  return setCancelAtPeriodEnd(deps, access, false);
}

async function setCancelAtPeriodEnd(deps: BillingDeps, access: WorkspaceAccess, cancel: boolean): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const { deps: workspaceDeps } = await lockWorkspaceBillingAt(trx, deps, access.workspace.id);
    const subscription = await liveSubscription(trx, access.workspace.id);
    if (!subscription || subscription.status === 'incomplete') {
      throw new BillingError(
        'no_subscription',
        `${access.workspace.name} has no paid subscription to ${cancel ? 'cancel' : 'resume'}.`,
      );
    }
    if (subscription.cancel_at_period_end === cancel) {
      if (cancel) return; // Canceling twice is the same cancel.
      throw new BillingError(
        'subscription_conflict',
        'The subscription is not set to end, so there is nothing to resume.',
      );
    }
    await trx
      .updateTable('subscription')
      .set({ cancel_at_period_end: cancel, ends_with_plan_id: cancel ? 'free' : null, scheduled_change: null })
      .where('id', '=', subscription.id)
      .execute();
    await recordEvent(trx, workspaceDeps.clock, {
      workspaceId: access.workspace.id,
      type: 'subscription.updated',
      data: {
        id: subscription.id,
        cancelAtPeriodEnd: cancel,
        activeUntil: cancel ? subscription.current_period_end : null,
      },
    });
    await recordAudit(trx, workspaceDeps.clock, {
      workspaceId: access.workspace.id,
      actor: auditActorOf(access.actor),
      action: cancel ? 'subscription.canceled_at_period_end' : 'subscription.resumed',
      targetId: subscription.id,
      before: { cancelAtPeriodEnd: subscription.cancel_at_period_end, scheduledChange: subscription.scheduled_change },
      after: { cancelAtPeriodEnd: cancel },
    });
  });
}
