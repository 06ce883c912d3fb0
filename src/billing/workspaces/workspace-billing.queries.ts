// SQL for a workspace's billing row: read (or lock) it together with its test clock's time in one statement,
// mapped to the WorkspaceBilling the use cases see. The billing row is the lock every billing change of one
// workspace takes first, so those changes happen one after another.
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export interface WorkspaceBilling {
  workspaceId: string;
  planId: string;
  /** Seats bought; null means the plan's own seat limit. */
  maxUsers: number | null;
  defaultPaymentMethodId: string | null;
  testClockId: string | null;
  /** The test clock's frozen time, when the workspace is on one. */
  testClockTime: Date | null;
}

function billingRowQuery(db: BillfoldDb | BillfoldTransaction, workspaceId: string) {
  return billingRowsQuery(db).where('workspace_billing.workspace_id', '=', workspaceId);
}

function billingRowsQuery(db: BillfoldDb | BillfoldTransaction) {
  return db
    .selectFrom('workspace_billing')
    .leftJoin('test_clock', 'test_clock.id', 'workspace_billing.test_clock_id')
    .select([
      'workspace_billing.workspace_id',
      'workspace_billing.plan_id',
      'workspace_billing.max_users',
      'workspace_billing.default_payment_method_id',
      'workspace_billing.test_clock_id',
      'test_clock.frozen_time',
    ]);
}

/** Locks the billing row until the transaction ends (FOR UPDATE OF workspace_billing). */
export async function lockWorkspaceBillingRow(
  trx: BillfoldTransaction,
  workspaceId: string,
): Promise<WorkspaceBilling> {
  const row = await billingRowQuery(trx, workspaceId).forUpdate('workspace_billing').executeTakeFirst();
  if (!row) throw new Error(`Workspace ${workspaceId} has no billing row`);
  return workspaceBillingOf(row);
}

/** Several workspaces' billing rows, locked in workspace order (so two batches never wait on each other in a circle). */
export async function lockWorkspaceBillingRows(
  trx: BillfoldTransaction,
  workspaceIds: readonly string[],
): Promise<WorkspaceBilling[]> {
  if (workspaceIds.length === 0) return [];
  const rows = await billingRowsQuery(trx)
    .where('workspace_billing.workspace_id', 'in', workspaceIds)
    .orderBy('workspace_billing.workspace_id')
    .forUpdate('workspace_billing')
    .execute();
  return rows.map(workspaceBillingOf);
}

/** The same row without a lock, for reads (previews, views). */
export async function readWorkspaceBillingRow(
  db: BillfoldDb | BillfoldTransaction,
  workspaceId: string,
): Promise<WorkspaceBilling> {
  const row = await billingRowQuery(db, workspaceId).executeTakeFirst();
  if (!row) throw new Error(`Workspace ${workspaceId} has no billing row`);
  return workspaceBillingOf(row);
}

function workspaceBillingOf(row: {
  workspace_id: string;
  plan_id: string;
  max_users: number | null;
  default_payment_method_id: string | null;
  test_clock_id: string | null;
  frozen_time: Date | null;
}): WorkspaceBilling {
  return {
    workspaceId: row.workspace_id,
    planId: row.plan_id,
    maxUsers: row.max_users,
    defaultPaymentMethodId: row.default_payment_method_id,
    testClockId: row.test_clock_id,
    testClockTime: row.frozen_time,
  };
}
