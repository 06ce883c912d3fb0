// Cancel (the subscription stays active until its period end, then the workspace returns to Free; a change
// scheduled before is kept), Resume (undoes a cancel before the period ends, bringing that change back) and Cancel
// scheduled change (a downgrade, seat decrease or move to Flex set for the period end does not happen).
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { BillingError } from '../../domain/errors.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import {
  cancelAtPeriodEnd,
  dropScheduledChange,
  resume,
  type Transition,
} from '../../domain/subscriptions/subscription-lifecycle.ts';
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

export function cancelScheduledChange(deps: BillingDeps, access: WorkspaceAccess): Promise<void> {
  return changeEnd(deps, access, 'cancel the scheduled change of');
}

type Asked = 'cancel' | 'resume' | 'cancel the scheduled change of';

async function changeEnd(deps: BillingDeps, access: WorkspaceAccess, asked: Asked): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const { deps: workspaceDeps } = await lockWorkspace(trx, deps, access.workspace.id);
    const subscription = await liveSubscription(trx, access.workspace.id);
    if (!subscription || subscription.status === 'incomplete') {
      throw new BillingError('no_subscription', `${access.workspace.name} has no paid subscription to ${asked}.`);
    }
    const transition = transitionAsked(subscription, asked);
    if (!transition) return; // Canceling twice is the same cancel.
    await writeTransition(trx, workspaceDeps, transition, { actor: auditActorOf(access.actor) });
  });
}

function transitionAsked(subscription: Subscription, asked: Asked): Transition | null {
  if (asked === 'cancel') return cancelAtPeriodEnd(subscription);
  if (asked === 'resume') {
    const resumed = resume(subscription);
    if (!resumed) {
      throw new BillingError(
        'subscription_conflict',
        'The subscription is not set to end, so there is nothing to resume.',
      );
    }
    return resumed;
  }
  const scheduled = subscription.atPeriodEnd;
  if (!scheduled) {
    throw new BillingError(
      'subscription_conflict',
      'No change is scheduled for the period end, so there is nothing to cancel.',
    );
  }
  if (scheduled.kind === 'cancel') {
    throw new BillingError(
      'subscription_conflict',
      'The subscription is set to end at the period end: resume it to keep it.',
    );
  }
  return dropScheduledChange(subscription);
}
