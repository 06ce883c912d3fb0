// The one workspace lock: every billing use case that changes a workspace starts its transaction here. It locks
// the workspace's billing row and resolves the workspace's clock once, in the same statement.
import type { Temporal } from 'temporal-polyfill';
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingDeps } from '../deps.ts';
import {
  lockWorkspaceBillingRow,
  lockWorkspaceBillingRows,
  readWorkspaceBillingRow,
  type WorkspaceBilling,
} from './workspace-billing.queries.ts';
import { onWorkspaceClock } from './workspace-clock.ts';

export interface LockedWorkspace {
  billing: WorkspaceBilling;
  /** The workspace's time: its test clock's, or the server's. */
  now: Temporal.Instant;
  /** The deps on the workspace's clock. */
  deps: BillingDeps;
}

export async function lockWorkspace(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  workspaceId: string,
): Promise<LockedWorkspace> {
  return onItsClock(deps, await lockWorkspaceBillingRow(trx, workspaceId));
}

/** Several workspaces at once (a batch of renewals), by workspace id. */
export async function lockWorkspaces(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  workspaceIds: readonly string[],
): Promise<Map<string, LockedWorkspace>> {
  const rows = await lockWorkspaceBillingRows(trx, [...new Set(workspaceIds)]);
  return new Map(rows.map((billing) => [billing.workspaceId, onItsClock(deps, billing)]));
}

/** The same, unlocked: for previews and views, which change nothing. */
export async function readWorkspace(
  db: BillfoldDb | BillfoldTransaction,
  deps: BillingDeps,
  workspaceId: string,
): Promise<LockedWorkspace> {
  return onItsClock(deps, await readWorkspaceBillingRow(db, workspaceId));
}

function onItsClock(deps: BillingDeps, billing: WorkspaceBilling): LockedWorkspace {
  const workspaceDeps = onWorkspaceClock(deps, billing.testClockTime);
  return { billing, now: workspaceDeps.clock.now(), deps: workspaceDeps };
}
