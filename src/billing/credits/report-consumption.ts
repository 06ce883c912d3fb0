// The batched credits.consumed event: a debit only bumps two counters on the wallet row it already locks; this
// job turns them into one event per workspace per run (every minute) with the credits and number of debits
// since the previous event, and zeroes them in the same transaction.
import { inTransaction } from '../../db/transaction.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';

/** Reports one workspace's unreported consumption; false when no workspace has any. */
export async function reportNextConsumption(deps: Pick<BillingDeps, 'db' | 'clock'>): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    const row = await trx
      .selectFrom('credit_account')
      .select(['workspace_id', 'unreported_credits', 'unreported_debits', 'balance'])
      .where('unreported_debits', '>', 0)
      .limit(1)
      // Waits rather than skips: the busiest wallet is nearly always locked by a debit and must not starve.
      .forUpdate()
      .executeTakeFirst();
    if (!row) return false;
    await trx
      .updateTable('credit_account')
      .set((eb) => ({
        unreported_credits: eb('unreported_credits', '-', row.unreported_credits),
        unreported_debits: eb('unreported_debits', '-', row.unreported_debits),
      }))
      .where('workspace_id', '=', row.workspace_id)
      .execute();
    await recordEvent(trx, deps.clock, {
      workspaceId: row.workspace_id,
      type: 'credits.consumed',
      data: { credits: row.unreported_credits, debits: row.unreported_debits, balance: row.balance },
    });
    return true;
  });
}
