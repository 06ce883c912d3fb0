// The workspace's credit wallet row: creating it, locking it (every change of credits holds this lock), claiming
// it for the upkeep jobs, and mapping its stored open grants to the domain's. Lock order: workspace_billing
// first, then this row.
import { type Expression, sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { CreditAccountRow, StoredOpenGrant } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AutoTopUpSetting } from '../../domain/credits/auto-top-up.ts';
import type { OpenGrant } from '../../domain/credits/credit-wallet.ts';
import type { DueScope } from '../../domain/test-clocks/due-scope.ts';

export interface LockedCreditAccount {
  workspaceId: string;
  balance: number;
  open: OpenGrant[];
  lowBalanceThreshold: number | null;
  autoTopUp: AutoTopUpSetting;
  periodStart: Date;
}

/** The wallet as the page reads it: also the credits consumed since its period started. */
export interface CreditAccount extends LockedCreditAccount {
  periodConsumed: number;
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

/**
 * The expiry job's claim: locks the wallet whose next grant expiry is the most overdue, skipping wallets other
 * processes hold (FOR UPDATE SKIP LOCKED). On the system clock only wallets of workspaces without a test clock;
 * for one workspace, only its wallet. Undefined when nothing is due.
 */
export async function claimWalletWithDueExpiry(
  trx: BillfoldTransaction,
  now: Date,
  scope: DueScope,
): Promise<{ workspaceId: string } | undefined> {
  let query = trx
    .selectFrom('credit_account')
    .innerJoin('workspace_billing', 'workspace_billing.workspace_id', 'credit_account.workspace_id')
    .select('credit_account.workspace_id')
    .where('credit_account.next_expiry_at', '<=', now);
  query =
    scope.kind === 'system_clock'
      ? query.where('workspace_billing.test_clock_id', 'is', null)
      : query.where('credit_account.workspace_id', '=', scope.workspaceId);
  const row = await query
    .orderBy('credit_account.next_expiry_at')
    .limit(1)
    .forUpdate('credit_account')
    .skipLocked()
    .executeTakeFirst();
  return row ? { workspaceId: row.workspace_id } : undefined;
}

/** Rereads a wallet this transaction has locked already (a claim's snapshot may predate the newest change). */
export async function rereadLockedCreditAccount(
  trx: BillfoldTransaction,
  workspaceId: string,
): Promise<LockedCreditAccount> {
  const row = await trx
    .selectFrom('credit_account')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return lockedAccountOf(row);
}

/** The wallet without a lock, for the page; undefined when the workspace has never had one. */
export async function readCreditAccount(db: BillfoldDb, workspaceId: string): Promise<CreditAccount | undefined> {
  const row = await db
    .selectFrom('credit_account')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row ? { ...lockedAccountOf(row), periodConsumed: row.period_consumed } : undefined;
}

/**
 * The workspace's wallet as one JSON value, for a read that takes it in its own statement (the billing summary: one
 * round trip, issue 16).
 */
export function creditAccountJson(workspaceId: Expression<string>) {
  return sql<CreditAccountJson | null>`(select to_jsonb(a) from credit_account a where a.workspace_id = ${workspaceId})`;
}

/** The wallet's row as creditAccountJson gives it: timestamps as ISO text. */
export interface CreditAccountJson extends Omit<CreditAccountRow, 'next_expiry_at' | 'period_start' | 'updated_at'> {
  next_expiry_at: string | null;
  period_start: string;
  updated_at: string;
}

export function creditAccountOfJson(json: CreditAccountJson): CreditAccount {
  const row: CreditAccountRow = {
    ...json,
    next_expiry_at: json.next_expiry_at === null ? null : new Date(json.next_expiry_at),
    period_start: new Date(json.period_start),
    updated_at: new Date(json.updated_at),
  };
  return { ...lockedAccountOf(row), periodConsumed: row.period_consumed };
}

/** When the workspace's next grant expires (null: none expires, or it has no wallet). */
export async function findNextCreditExpiry(db: BillfoldDb, workspaceId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('credit_account')
    .select('next_expiry_at')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row?.next_expiry_at ?? null;
}

/** Writes the auto top-up setting of a locked wallet, and its low-balance line when one is given. */
export async function saveAutoTopUpSetting(
  trx: BillfoldTransaction,
  workspaceId: string,
  setting: AutoTopUpSetting & { lowBalanceThreshold?: number },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('credit_account')
    .set({
      auto_top_up_enabled: setting.enabled,
      auto_top_up_pack_id: setting.packId,
      auto_top_up_threshold: setting.threshold,
      auto_top_up_armed: setting.armed,
      ...(setting.lowBalanceThreshold !== undefined ? { low_balance_threshold: setting.lowBalanceThreshold } : {}),
      updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .execute();
}

export interface UnreportedConsumption {
  workspaceId: string;
  credits: number;
  debits: number;
  balance: number;
}

/**
 * Locks a wallet with consumption not yet reported. Waits rather than skips: the busiest wallet is nearly always
 * locked by a debit and must not starve. Undefined when no wallet has any.
 */
export async function lockUnreportedConsumption(trx: BillfoldTransaction): Promise<UnreportedConsumption | undefined> {
  const row = await trx
    .selectFrom('credit_account')
    .select(['workspace_id', 'unreported_credits', 'unreported_debits', 'balance'])
    .where('unreported_debits', '>', 0)
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    workspaceId: row.workspace_id,
    credits: row.unreported_credits,
    debits: row.unreported_debits,
    balance: row.balance,
  };
}

/** Takes the reported consumption off the wallet's counters. */
export async function subtractReportedConsumption(
  trx: BillfoldTransaction,
  reported: Pick<UnreportedConsumption, 'workspaceId' | 'credits' | 'debits'>,
): Promise<void> {
  await trx
    .updateTable('credit_account')
    .set((eb) => ({
      unreported_credits: eb('unreported_credits', '-', reported.credits),
      unreported_debits: eb('unreported_debits', '-', reported.debits),
    }))
    .where('workspace_id', '=', reported.workspaceId)
    .execute();
}

function lockedAccountOf(row: CreditAccountRow): LockedCreditAccount {
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

function openGrantOf(stored: StoredOpenGrant): OpenGrant {
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
