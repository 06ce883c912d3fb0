// The time a workspace's billing reads: its test clock's frozen time when one is attached (test mode), else
// the server's clock. Every subscription, seat and payment use case locks the billing row through here.
import { Temporal } from 'temporal-polyfill';
import type { BillfoldDb } from '../../db/connection.ts';
import type { WorkspaceBillingRow } from '../../db/tables.ts';
import { type BillfoldTransaction, lockWorkspaceBilling } from '../../db/transaction.ts';
import { fixedClock } from '../../domain/clock.ts';
import type { BillingDeps } from '../deps.ts';

type BillingRow = Awaited<ReturnType<typeof lockWorkspaceBilling>>;

/** Locks the workspace's billing row and hands back the deps whose clock is the workspace's. */
export async function lockWorkspaceBillingAt(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  workspaceId: string,
): Promise<{ billing: BillingRow; deps: BillingDeps }> {
  const billing = await lockWorkspaceBilling(trx, workspaceId);
  return { billing, deps: await onWorkspaceClock(trx, deps, billing) };
}

/** `deps` with the clock replaced by the workspace's test clock, if it has one. */
export async function onWorkspaceClock(
  db: BillfoldDb | BillfoldTransaction,
  deps: BillingDeps,
  billing: Pick<WorkspaceBillingRow, 'test_clock_id'>,
): Promise<BillingDeps> {
  if (!billing.test_clock_id) return deps;
  const clock = await db
    .selectFrom('test_clock')
    .select('frozen_time')
    .where('id', '=', billing.test_clock_id)
    .executeTakeFirstOrThrow();
  return { ...deps, clock: fixedClock(Temporal.Instant.fromEpochMilliseconds(clock.frozen_time.getTime())) };
}
