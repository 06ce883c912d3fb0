// The batched credits.consumed event: a debit only bumps two counters on the wallet row it already locks; this
// job turns them into one event per workspace per run (every minute) with the credits and number of debits
// since the previous event, and zeroes them in the same transaction.
import { inTransaction } from '../../db/transaction.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { lockUnreportedConsumption, subtractReportedConsumption } from './credit-account.queries.ts';

/** Reports one workspace's unreported consumption; false when no workspace has any. */
export async function reportNextConsumption(deps: Pick<BillingDeps, 'db' | 'clock'>): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    const unreported = await lockUnreportedConsumption(trx);
    if (!unreported) return false;
    await subtractReportedConsumption(trx, unreported);
    await recordEvent(trx, deps.clock, {
      workspaceId: unreported.workspaceId,
      type: 'credits.consumed',
      // Batched, so no one resource: the object is the usage report of the debits since the last event.
      data: { object: { credits: unreported.credits, debits: unreported.debits, balance: unreported.balance } },
    });
    return true;
  });
}
