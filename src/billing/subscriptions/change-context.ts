// What a plan or seat change is decided on: the workspace (locked, for a mutation) on its clock, its live
// subscription, seat increases still being paid for, and the seats in use.
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import type { SeatUsage } from '../../domain/seats/seat-limit.ts';
import type { CurrentBilling } from '../../domain/subscriptions/quote-change.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import type { BillingDeps } from '../deps.ts';
import { loadSeatUsage } from '../seats/seat-usage.ts';
import { type LockedWorkspace, lockWorkspace, readWorkspace } from '../workspaces/lock-workspace.ts';
import { liveSubscription, pendingSeatIncrease, trialedPlanIds } from './subscriptions.queries.ts';

export interface ChangeContext {
  workspace: LockedWorkspace;
  /** The deps on the workspace's clock. */
  deps: BillingDeps;
  subscription: Subscription | null;
  current: CurrentBilling;
  usage: SeatUsage;
}

/** For a mutation: locks the billing row first, so every change of one workspace happens one after another. */
export async function lockChangeContext(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  workspaceId: string,
): Promise<ChangeContext> {
  return contextFor(trx, await lockWorkspace(trx, deps, workspaceId));
}

/** For a preview: the same reads without a lock. */
export async function readChangeContext(
  db: BillfoldDb,
  deps: BillingDeps,
  workspaceId: string,
): Promise<ChangeContext> {
  return contextFor(db, await readWorkspace(db, deps, workspaceId));
}

async function contextFor(db: BillfoldDb | BillfoldTransaction, workspace: LockedWorkspace): Promise<ChangeContext> {
  const { billing, deps } = workspace;
  const subscription = await liveSubscription(db, billing.workspaceId);
  const pendingSeats = subscription ? await pendingSeatIncrease(db, subscription.id) : 0;
  const trialed = subscription ? [] : await trialedPlanIds(db, billing.workspaceId);
  // Invites expire in real time, whatever clock the workspace's billing reads.
  const usage = await loadSeatUsage(db, deps.catalog, billing.workspaceId, billing, toDate(deps.wallClock.now()));
  return {
    workspace,
    deps,
    subscription,
    current: {
      planId: billing.planId,
      subscription,
      pendingSeats,
      trialedPlanIds: trialed,
      downgrade: deps.catalog.plans.find((plan) => plan.id === billing.planId)?.downgrade ?? 'period_end',
    },
    usage,
  };
}
