// The workspace's credit wallet row: creating it, locking it (every change of credits holds this lock), and
// mapping its stored open grants to the domain's. Lock order: workspace_billing first, then this row.
import type { CreditAccountRow, StoredOpenGrant } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AutoTopUpSetting } from '../../domain/credits/auto-top-up.ts';
import type { OpenGrant } from '../../domain/credits/credit-wallet.ts';

export interface LockedCreditAccount {
  workspaceId: string;
  balance: number;
  open: OpenGrant[];
  lowBalanceThreshold: number | null;
  autoTopUp: AutoTopUpSetting;
  periodStart: Date;
}

/** Locks the workspace's wallet, creating an empty one first if it has none. */
export async function lockCreditAccount(
  trx: BillfoldTransaction,
  workspaceId: string,
  now: Date,
): Promise<LockedCreditAccount> {
  await trx
    .insertInto('credit_account')
    .values({ workspace_id: workspaceId, period_start: now, updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  const row = await trx
    .selectFrom('credit_account')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return lockedAccountOf(row);
}

/**
 * For a debit: locks an existing wallet and reads the workspace's plan and test-clock time in the same
 * statement (the hot path has no other round trip before the lock). Undefined when it has no wallet.
 */
export async function lockCreditAccountForDebit(
  trx: BillfoldTransaction,
  workspaceId: string,
): Promise<{ account: LockedCreditAccount; planId: string; testClockTime: Date | null } | undefined> {
  const row = await trx
    .selectFrom('credit_account')
    .innerJoin('workspace_billing', 'workspace_billing.workspace_id', 'credit_account.workspace_id')
    .leftJoin('test_clock', 'test_clock.id', 'workspace_billing.test_clock_id')
    .selectAll('credit_account')
    .select(['test_clock.frozen_time', 'workspace_billing.plan_id'])
    .where('credit_account.workspace_id', '=', workspaceId)
    .forUpdate('credit_account')
    .executeTakeFirst();
  if (!row) return undefined;
  return { account: lockedAccountOf(row), planId: row.plan_id, testClockTime: row.frozen_time };
}

export function lockedAccountOf(row: CreditAccountRow): LockedCreditAccount {
  return {
    workspaceId: row.workspace_id,
    balance: row.balance,
    open: row.open_grants.map(openGrantOf),
    lowBalanceThreshold: row.low_balance_threshold,
    autoTopUp: {
      enabled: row.auto_top_up_enabled,
      packId: row.auto_top_up_pack_id,
      threshold: row.auto_top_up_threshold,
      armed: row.auto_top_up_armed,
    },
    periodStart: row.period_start,
  };
}

export function openGrantOf(stored: StoredOpenGrant): OpenGrant {
  return {
    id: stored.id,
    remaining: stored.remaining,
    expiresAt: stored.expiresAt === null ? null : Date.parse(stored.expiresAt),
    grantedAt: Date.parse(stored.grantedAt),
  };
}

export function storedOpenGrants(open: readonly OpenGrant[]): string {
  return JSON.stringify(
    open.map(
      (grant): StoredOpenGrant => ({
        id: grant.id,
        remaining: grant.remaining,
        expiresAt: grant.expiresAt === null ? null : new Date(grant.expiresAt).toISOString(),
        grantedAt: new Date(grant.grantedAt).toISOString(),
      }),
    ),
  );
}

/** When the wallet's next grant expires: the expiry job's index. */
export function nextExpiryOf(open: readonly OpenGrant[]): Date | null {
  const expiries = open.map((g) => g.expiresAt).filter((t): t is number => t !== null);
  return expiries.length === 0 ? null : new Date(Math.min(...expiries));
}
