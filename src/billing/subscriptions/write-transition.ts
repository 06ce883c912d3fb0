// Stores what a lifecycle transition answered, in the caller's transaction (which holds the workspace lock): the
// subscription, the workspace's plan and max users when they change, its events — each carrying the subscription
// as the API shows it now, and the fields the transition changed as `previous` — and its audit entry, in the name
// of whoever asked for it or else of the system (a renewal, a failed payment, a dunning retry, the end).
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { type AuditActor, systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import type { Transition } from '../../domain/subscriptions/subscription-lifecycle.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { eventDataOf } from '../events/changed-fields.ts';
import { recordEvent } from '../events/record-event.ts';
import { subscriptionView } from './subscription-view.ts';
import { insertSubscription, lockSubscription, saveSubscription, setWorkspacePlan } from './subscriptions.queries.ts';

export type TransitionDeps = Pick<BillingDeps, 'clock' | 'catalog'>;

export async function writeTransition(
  trx: BillfoldTransaction,
  deps: TransitionDeps,
  transition: Transition,
  options: { actor?: AuditActor; isNew?: boolean } = {},
): Promise<void> {
  const { subscription } = transition;
  const { clock, catalog } = deps;
  const announced = transition.events.length > 0;
  // The stored subscription (the caller holds its lock), seen as the API showed it before the transition.
  const before =
    announced && !options.isNew
      ? await subscriptionView(trx, catalog, await lockSubscription(trx, subscription.id))
      : undefined;
  if (options.isNew) await insertSubscription(trx, subscription);
  else await saveSubscription(trx, subscription);
  if (transition.workspacePlan) {
    await setWorkspacePlan(trx, subscription.workspaceId, transition.workspacePlan, toDate(clock.now()));
  }
  if (announced) {
    const view = await subscriptionView(trx, catalog, subscription);
    for (const event of transition.events) {
      await recordEvent(trx, clock, {
        workspaceId: subscription.workspaceId,
        type: event.type,
        // A new subscription has no earlier state worth telling (it waited for its first payment).
        data: eventDataOf(view, event.type === 'subscription.created' ? undefined : before),
      });
    }
  }
  if (transition.audit) {
    await recordAudit(trx, clock, {
      workspaceId: subscription.workspaceId,
      actor: options.actor ?? systemActor,
      action: transition.audit.action,
      targetId: subscription.id,
      before: transition.audit.before,
      after: transition.audit.after,
    });
  }
}
