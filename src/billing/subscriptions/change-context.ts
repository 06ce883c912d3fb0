// What a plan or seat change is decided on: the workspace's billing row (locked, for a mutation), its clock,
// its live subscription, seat increases still being paid for, and the seats in use.
import type { BillfoldDb } from '../../db/connection.ts';
import type { SubscriptionRow, WorkspaceBillingRow } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import type { SeatUsage } from '../../domain/seats/seat-limit.ts';
import type { BillingDeps } from '../deps.ts';
import { loadSeatUsage } from '../seats/seat-usage.ts';
import { lockWorkspaceBillingAt, onWorkspaceClock } from '../test-clocks/workspace-clock.ts';
import { liveSubscription, pendingSeatIncrease } from './live-subscription.ts';
import type { CurrentBilling } from './quote-change.ts';

export interface ChangeContext {
  billing: Pick<
    WorkspaceBillingRow,
    'workspace_id' | 'plan_id' | 'max_users' | 'default_payment_method_id' | 'test_clock_id'
  >;
  /** The deps on the workspace's clock. */
  deps: BillingDeps;
  subscription: SubscriptionRow | undefined;
  current: CurrentBilling;
  usage: SeatUsage;
}

/** For a mutation: locks the billing row first, so every change of one workspace happens one after another. */
export async function lockChangeContext(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  workspaceId: string,
): Promise<ChangeContext> {
  const locked = await lockWorkspaceBillingAt(trx, deps, workspaceId);
  return contextFor(trx, locked.deps, locked.billing);
}

/** For a preview: the same reads without a lock. */
export async function readChangeContext(
  db: BillfoldDb,
  deps: BillingDeps,
  workspaceId: string,
): Promise<ChangeContext> {
  const billing = await db
    .selectFrom('workspace_billing')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return contextFor(db, await onWorkspaceClock(db, deps, billing), billing);
}

async function contextFor(
  db: BillfoldDb | BillfoldTransaction,
  deps: BillingDeps,
  billing: ChangeContext['billing'],
): Promise<ChangeContext> {
  const subscription = await liveSubscription(db, billing.workspace_id);
  const pendingSeats = subscription ? await pendingSeatIncrease(db, subscription.id) : 0;
  // Invites expire in real time, whatever clock the workspace's billing reads.
  const usage = await loadSeatUsage(db, deps.catalog, billing.workspace_id, billing, toDate(deps.wallClock.now()));
  return {
    billing,
    deps,
    subscription,
    current: { planId: billing.plan_id, subscription, pendingSeats },
    usage,
  };
}
