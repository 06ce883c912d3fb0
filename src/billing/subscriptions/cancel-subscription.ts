// Cancel (the subscription stays active until its period end, then the workspace returns to Free; a change
// scheduled before is kept) and Resume (undoes a cancel before the period ends, bringing that change back).
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { BillingError } from '../../domain/errors.ts';
import { cancelAtPeriodEnd, resume } from '../../domain/subscriptions/subscription-lifecycle.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { liveSubscription } from './subscriptions.queries.ts';
import { writeTransition } from './write-transition.ts';

export function cancelSubscription(deps: BillingDeps, access: WorkspaceAccess): Promise<void> {
  return changeEnd(deps, access, 'cancel');
}

export function resumeSubscription(deps: BillingDeps, access: WorkspaceAccess): Promise<void> {
  return changeEnd(deps, access, 'resume');
}

async function changeEnd(deps: BillingDeps, access: WorkspaceAccess, asked: 'cancel' | 'resume'): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const { deps: workspaceDeps } = await lockWorkspace(trx, deps, access.workspace.id);
    const subscription = await liveSubscription(trx, access.workspace.id);
    if (!subscription || subscription.status === 'incomplete') {
      throw new BillingError('no_subscription', `${access.workspace.name} has no paid subscription to ${asked}.`);
    }
    const transition = asked === 'cancel' ? cancelAtPeriodEnd(subscription) : resume(subscription);
    if (!transition) {
      if (asked === 'cancel') return; // Canceling twice is the same cancel.
      throw new BillingError(
        'subscription_conflict',
        'The subscription is not set to end, so there is nothing to resume.',
      );
    }
    await writeTransition(trx, workspaceDeps, transition, { actor: auditActorOf(access.actor) });
  });
}
