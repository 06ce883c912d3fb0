// Stores what lifecycle transitions answered, in the caller's transaction (which holds the workspace locks): the
// subscriptions, the workspaces' plan and max users when they change, their events — each carrying the subscription
// as the API shows it now, and the fields the transition changed as `previous` — and their audit entries, in the name
// of whoever asked for them or else of the system (a renewal, a failed payment, a dunning retry, the end). A batch of
// renewals stores its transitions together: one statement per table, whatever their number.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { type AuditActor, systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import type { Transition } from '../../domain/subscriptions/subscription-lifecycle.ts';
import type { AuditEntry } from '../audit/audit.queries.ts';
import { recordAudits } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { eventDataOf } from '../events/changed-fields.ts';
import { type BillingEvent, recordEvents } from '../events/record-event.ts';
import { type SubscriptionView, subscriptionView } from './subscription-view.ts';
import {
  insertSubscription,
  lockSubscriptions,
  saveSubscriptions,
  setWorkspacePlans,
} from './subscriptions.queries.ts';

export type TransitionDeps = Pick<BillingDeps, 'clock' | 'catalog'>;

export async function writeTransition(
  trx: BillfoldTransaction,
  deps: TransitionDeps,
  transition: Transition,
  options: { actor?: AuditActor; isNew?: boolean } = {},
): Promise<void> {
  if (options.isNew) await insertSubscription(trx, transition.subscription);
  await storeTransitions(trx, deps, [transition], options);
}

/** Several subscriptions' transitions (each subscription once), by the system. */
export function writeTransitions(
  trx: BillfoldTransaction,
  deps: TransitionDeps,
  transitions: readonly Transition[],
): Promise<void> {
  return storeTransitions(trx, deps, transitions, {});
}

async function storeTransitions(
  trx: BillfoldTransaction,
  deps: TransitionDeps,
  transitions: readonly Transition[],
  options: { actor?: AuditActor; isNew?: boolean },
): Promise<void> {
  if (transitions.length === 0) return;
  const { clock, catalog } = deps;
  // The stored subscriptions (the caller holds their locks), seen as the API showed them before the transitions.
  const announcing = options.isNew ? [] : transitions.filter((t) => t.events.length > 0);
  const stored = await lockSubscriptions(
    trx,
    announcing.map((t) => t.subscription.id),
  );
  const before = new Map<string, SubscriptionView>();
  for (const subscription of stored) before.set(subscription.id, await subscriptionView(trx, catalog, subscription));
  if (!options.isNew)
    await saveSubscriptions(
      trx,
      transitions.map((t) => t.subscription),
    );
  const now = toDate(clock.now());
  await setWorkspacePlans(
    trx,
    transitions.flatMap((t) =>
      t.workspacePlan ? [{ workspaceId: t.subscription.workspaceId, plan: t.workspacePlan }] : [],
    ),
    now,
  );
  const events: BillingEvent[] = [];
  for (const { subscription, events: announced } of transitions) {
    if (announced.length === 0) continue;
    const view = await subscriptionView(trx, catalog, subscription);
    for (const event of announced) {
      events.push({
        workspaceId: subscription.workspaceId,
        type: event.type,
        // A new subscription has no earlier state worth telling (it waited for its first payment).
        data: eventDataOf(view, event.type === 'subscription.created' ? undefined : before.get(subscription.id)),
      });
    }
  }
  await recordEvents(trx, clock, events);
  const audits: AuditEntry[] = transitions.flatMap(({ subscription, audit }) =>
    audit
      ? [
          {
            workspaceId: subscription.workspaceId,
            actor: options.actor ?? systemActor,
            action: audit.action,
            targetId: subscription.id,
            before: audit.before,
            after: audit.after,
          },
        ]
      : [],
  );
  await recordAudits(trx, clock, audits);
}
