// `billfold verify`: recomputes every workspace's credits from the append-only grants and ledger and reports each
// wallet that disagrees. Reads only; meant to be run at any time, also while the server is taking debits
// (it reads one consistent snapshot).
import { sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import { walletMismatches } from '../../domain/credits/reconcile-wallet.ts';

export interface CreditsVerification {
  walletsChecked: number;
  mismatches: { workspaceId: string; problems: string[] }[];
}

export async function verifyCredits(db: BillfoldDb): Promise<CreditsVerification> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const accounts = await trx
        .selectFrom('credit_account')
        .select(['workspace_id', 'balance', 'open_grants'])
        .execute();
      const sums = await trx
        .selectFrom('credit_transaction')
        .select(['workspace_id', sql<number>`sum(credits)::bigint`.as('sum')])
        .groupBy('workspace_id')
        .execute();
      const newest = await trx
        .selectFrom('credit_transaction')
        .distinctOn('workspace_id')
        .select(['workspace_id', 'balance_after'])
        .orderBy('workspace_id')
        .orderBy('seq', 'desc')
        .execute();
      const drawn = await sql<{ grant_id: string; credits: number }>`
        select d->>'grantId' as grant_id, sum((d->>'credits')::bigint)::bigint as credits
        from credit_transaction t cross join lateral jsonb_array_elements(t.drawn_from) d
        where t.drawn_from is not null
        group by 1`.execute(trx);
      const expired = await trx
        .selectFrom('credit_transaction')
        .select(['grant_id', sql<number>`(-sum(credits))::bigint`.as('credits')])
        .where('type', '=', 'expiry')
        .groupBy('grant_id')
        .execute();
      const grants = await trx.selectFrom('credit_grant').select(['id', 'workspace_id', 'credits']).execute();

      const sumBy = new Map(sums.map((r) => [r.workspace_id, Number(r.sum)]));
      const newestBy = new Map(newest.map((r) => [r.workspace_id, r.balance_after]));
      const drawnBy = new Map(drawn.rows.map((r) => [r.grant_id, Number(r.credits)]));
      const expiredBy = new Map(expired.map((r) => [r.grant_id, Number(r.credits)]));
      const grantsBy = new Map<string, { id: string; credits: number; drawn: number; expired: number }[]>();
      for (const g of grants) {
        const list = grantsBy.get(g.workspace_id) ?? [];
        list.push({ id: g.id, credits: g.credits, drawn: drawnBy.get(g.id) ?? 0, expired: expiredBy.get(g.id) ?? 0 });
        grantsBy.set(g.workspace_id, list);
      }
      const workspaces = new Set([...accounts.map((a) => a.workspace_id), ...sumBy.keys(), ...grantsBy.keys()]);
      const accountBy = new Map(accounts.map((a) => [a.workspace_id, a]));
      const mismatches: CreditsVerification['mismatches'] = [];
      for (const workspaceId of workspaces) {
        const account = accountBy.get(workspaceId);
        const problems = walletMismatches({
          workspaceId,
          storedBalance: account?.balance ?? 0,
          storedOpen: new Map((account?.open_grants ?? []).map((g) => [g.id, g.remaining])),
          ledgerSum: sumBy.get(workspaceId) ?? 0,
          lastBalanceAfter: newestBy.get(workspaceId) ?? 0,
          grants: grantsBy.get(workspaceId) ?? [],
        });
        if (problems.length > 0) mismatches.push({ workspaceId, problems });
      }
      return { walletsChecked: workspaces.size, mismatches };
    });
}
