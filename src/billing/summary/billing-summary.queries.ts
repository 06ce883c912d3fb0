// SQL for the billing summary's first read: the workspace's plan, bought seats, test clock and default card in one
// statement.
import type { BillfoldDb } from '../../db/connection.ts';

export interface SummaryBilling {
  planId: string;
  maxUsers: number | null;
  testClockId: string | null;
  testClockTime: Date | null;
  card: { id: string; brand: string; last4: string; expMonth: number; expYear: number } | null;
}

export async function readSummaryBilling(db: BillfoldDb, workspaceId: string): Promise<SummaryBilling> {
  const row = await db
    .selectFrom('workspace_billing')
    .leftJoin('payment_method', 'payment_method.id', 'workspace_billing.default_payment_method_id')
    .leftJoin('test_clock', 'test_clock.id', 'workspace_billing.test_clock_id')
    .select([
      'workspace_billing.plan_id',
      'workspace_billing.max_users',
      'workspace_billing.test_clock_id',
      'test_clock.frozen_time',
      'payment_method.id as card_id',
      'payment_method.brand',
      'payment_method.last4',
      'payment_method.exp_month',
      'payment_method.exp_year',
    ])
    .where('workspace_billing.workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return {
    planId: row.plan_id,
    maxUsers: row.max_users,
    testClockId: row.test_clock_id,
    testClockTime: row.frozen_time,
    card:
      row.card_id && row.brand && row.last4 && row.exp_month && row.exp_year
        ? { id: row.card_id, brand: row.brand, last4: row.last4, expMonth: row.exp_month, expYear: row.exp_year }
        : null,
  };
}
