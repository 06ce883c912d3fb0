// `billfold verify`: recomputes every workspace's credits from the append-only grants and ledger and reports each
// wallet that disagrees. Reads only; meant to be run at any time, also while the server is taking debits
// (it reads one consistent snapshot).
import type { BillfoldDb } from '../../db/connection.ts';
import { walletMismatches } from '../../domain/credits/reconcile-wallet.ts';
import {
  allGrants,
  creditsDrawnByGrant,
  creditsExpiredByGrant,
  ledgerSums,
  newestBalances,
  storedWallets,
} from './credit-reconciliation.queries.ts';

export interface CreditsVerification {
  walletsChecked: number;
  mismatches: { workspaceId: string; problems: string[] }[];
}

export async function verifyCredits(db: BillfoldDb): Promise<CreditsVerification> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const accounts = await storedWallets(trx);
      const sums = await ledgerSums(trx);
      const newest = await newestBalances(trx);
      const drawn = await creditsDrawnByGrant(trx);
      const expired = await creditsExpiredByGrant(trx);
      const grants = await allGrants(trx);

      const sumBy = new Map(sums.map((r) => [r.workspaceId, r.sum]));
      const newestBy = new Map(newest.map((r) => [r.workspaceId, r.balanceAfter]));
      const drawnBy = new Map(drawn.map((r) => [r.grantId, r.credits]));
      const expiredBy = new Map(expired.map((r) => [r.grantId, r.credits]));
      const grantsBy = new Map<string, { id: string; credits: number; drawn: number; expired: number }[]>();
      for (const g of grants) {
        const list = grantsBy.get(g.workspaceId) ?? [];
        list.push({ id: g.id, credits: g.credits, drawn: drawnBy.get(g.id) ?? 0, expired: expiredBy.get(g.id) ?? 0 });
        grantsBy.set(g.workspaceId, list);
      }
      const workspaces = new Set([...accounts.map((a) => a.workspaceId), ...sumBy.keys(), ...grantsBy.keys()]);
      const accountBy = new Map(accounts.map((a) => [a.workspaceId, a]));
      const mismatches: CreditsVerification['mismatches'] = [];
      for (const workspaceId of workspaces) {
        const account = accountBy.get(workspaceId);
        const problems = walletMismatches({
          workspaceId,
          storedBalance: account?.balance ?? 0,
          storedOpen: new Map((account?.open ?? []).map((g) => [g.id, g.remaining])),
          ledgerSum: sumBy.get(workspaceId) ?? 0,
          lastBalanceAfter: newestBy.get(workspaceId) ?? 0,
          grants: grantsBy.get(workspaceId) ?? [],
        });
        if (problems.length > 0) mismatches.push({ workspaceId, problems });
      }
      return { walletsChecked: workspaces.size, mismatches };
    });
}
