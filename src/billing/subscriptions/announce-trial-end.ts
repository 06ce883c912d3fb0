// Three days before a trial ends, announces it once: `subscription.trial_will_end` in the outbox (its email follows
// from the event), in one transaction on the locked workspace. The due work and the jobs run it.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { announceTrialEnd } from '../../domain/subscriptions/subscription-lifecycle.ts';
import type { DueScope } from '../../domain/test-clocks/due-scope.ts';
import type { BillingDeps } from '../deps.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { claimDueTrialEndNotice, lockSubscription } from './subscriptions.queries.ts';
import { writeTransition } from './write-transition.ts';

/** Announces the most overdue trial end in scope; null when none is due. */
export async function announceNextTrialEnd(
  deps: BillingDeps,
  scope: DueScope,
): Promise<{ subscriptionId: string; announced: boolean } | null> {
  return inTransaction(deps.db, async (trx) => {
    const due = await claimDueTrialEndNotice(trx, toDate(deps.clock.now()), scope);
    if (!due) return null;
    await lockWorkspace(trx, deps, due.workspaceId);
    // The claim's snapshot may predate another process's announcement; the locked read is current.
    const transition = announceTrialEnd(await lockSubscription(trx, due.subscriptionId));
    if (transition) await writeTransition(trx, deps, transition);
    return { subscriptionId: due.subscriptionId, announced: transition !== null };
  });
}
