// `billfold verify`, for the customer balance: every workspace's ledger must add up, entry by entry, to the balance
// each entry records after it. Reads one consistent snapshot; safe to run at any time.
import type { BillfoldDb } from '../../db/connection.ts';
import { misrecordedEntries } from '../../domain/customer-balance/customer-balance.ts';
import { allBalanceLedgers } from './customer-balance.queries.ts';

export interface BalanceVerification {
  balancesChecked: number;
  mismatches: { workspaceId: string; problems: string[] }[];
}

export async function verifyCustomerBalances(db: BillfoldDb): Promise<BalanceVerification> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const ledgers = await allBalanceLedgers(trx);
      const mismatches: BalanceVerification['mismatches'] = [];
      for (const [workspaceId, entries] of ledgers) {
        const wrong = misrecordedEntries(entries);
        if (wrong.length > 0) {
          mismatches.push({
            workspaceId,
            problems: wrong.map(
              (entry) =>
                `customer balance entry ${entry.id} records ${entry.recorded} after it; its ledger adds up to ${entry.expected}`,
            ),
          });
        }
      }
      return { balancesChecked: ledgers.size, mismatches };
    });
}
