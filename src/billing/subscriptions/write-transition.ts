// Stores what a lifecycle transition answered, in the caller's transaction (which holds the workspace lock): the
// subscription, the workspace's plan and max users when they change, its events and its audit entry.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { type Clock, toDate } from '../../domain/clock.ts';
import type { Transition } from '../../domain/subscriptions/subscription-lifecycle.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { recordEvent } from '../events/record-event.ts';
import { insertSubscription, saveSubscription, setWorkspacePlan } from './subscriptions.queries.ts';

export async function writeTransition(
  trx: BillfoldTransaction,
  clock: Clock,
  transition: Transition,
  options: { actor?: AuditActor; isNew?: boolean } = {},
): Promise<void> {
  const { subscription } = transition;
  if (options.isNew) await insertSubscription(trx, subscription);
  else await saveSubscription(trx, subscription);
  if (transition.workspacePlan) {
    await setWorkspacePlan(trx, subscription.workspaceId, transition.workspacePlan, toDate(clock.now()));
  }
  for (const event of transition.events) {
    await recordEvent(trx, clock, { workspaceId: subscription.workspaceId, type: event.type, data: event.data });
  }
  if (transition.audit && options.actor) {
    await recordAudit(trx, clock, {
      workspaceId: subscription.workspaceId,
      actor: options.actor,
      action: transition.audit.action,
      targetId: subscription.id,
      before: transition.audit.before,
      after: transition.audit.after,
    });
  }
}
