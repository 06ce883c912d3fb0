// SQL for `billfold verify`: the stored wallets and what the append-only grants and ledger say they should be,
// read inside the caller's one snapshot (a repeatable-read transaction) so concurrent debits cannot skew them.
import { sql } from 'kysely';
import type { BillfoldTransaction } from '../../db/transaction.ts';

/** Every wallet's stored balance and the remaining credits of its open grants. */
export async function storedWallets(
  trx: BillfoldTransaction,
): Promise<{ workspaceId: string; balance: number; open: { id: string; remaining: number }[] }[]> {
  const rows = await trx.selectFrom('credit_account').select(['workspace_id', 'balance', 'open_grants']).execute();
  return rows.map((row) => ({
    workspaceId: row.workspace_id,
    balance: row.balance,
    open: row.open_grants.map((g) => ({ id: g.id, remaining: g.remaining })),
  }));
}

/** The sum of every workspace's ledger entries. */
export async function ledgerSums(trx: BillfoldTransaction): Promise<{ workspaceId: string; sum: number }[]> {
  const rows = await trx
    .selectFrom('credit_transaction')
    .select(['workspace_id', sql<number>`sum(credits)::bigint`.as('sum')])
    .groupBy('workspace_id')
    .execute();
  return rows.map((row) => ({ workspaceId: row.workspace_id, sum: Number(row.sum) }));
}

/** The balance after every workspace's newest ledger entry. */
export async function newestBalances(
  trx: BillfoldTransaction,
): Promise<{ workspaceId: string; balanceAfter: number }[]> {
  const rows = await trx
    .selectFrom('credit_transaction')
    .distinctOn('workspace_id')
    .select(['workspace_id', 'balance_after'])
    .orderBy('workspace_id')
    .orderBy('seq', 'desc')
    .execute();
  return rows.map((row) => ({ workspaceId: row.workspace_id, balanceAfter: row.balance_after }));
}

/** The credits drawn from each grant by debits and adjustments. */
export async function creditsDrawnByGrant(trx: BillfoldTransaction): Promise<{ grantId: string; credits: number }[]> {
  const result = await sql<{ grant_id: string; credits: number }>`
        select d->>'grantId' as grant_id, sum((d->>'credits')::bigint)::bigint as credits
        from credit_transaction t cross join lateral jsonb_array_elements(t.drawn_from) d
        where t.drawn_from is not null
        group by 1`.execute(trx);
  return result.rows.map((row) => ({ grantId: row.grant_id, credits: Number(row.credits) }));
}

/** The credits of each grant that expired. */
export async function creditsExpiredByGrant(
  trx: BillfoldTransaction,
): Promise<{ grantId: string | null; credits: number }[]> {
  const rows = await trx
    .selectFrom('credit_transaction')
    .select(['grant_id', sql<number>`(-sum(credits))::bigint`.as('credits')])
    .where('type', '=', 'expiry')
    .groupBy('grant_id')
    .execute();
  return rows.map((row) => ({ grantId: row.grant_id, credits: Number(row.credits) }));
}

/** Every grant ever made, with the credits it added. */
export async function allGrants(
  trx: BillfoldTransaction,
): Promise<{ id: string; workspaceId: string; credits: number }[]> {
  const rows = await trx.selectFrom('credit_grant').select(['id', 'workspace_id', 'credits']).execute();
  return rows.map((row) => ({ id: row.id, workspaceId: row.workspace_id, credits: row.credits }));
}
