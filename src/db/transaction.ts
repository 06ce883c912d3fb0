// Transactions and the workspace billing-row lock that serializes every billing change of one workspace.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from 'kysely';
import type { BillfoldDb } from './connection.ts';
import type { Database } from './tables.ts';

export type BillfoldTransaction = Transaction<Database>;

/** Runs as the last statement of a transaction; throwing rolls the whole transaction back. */
export type CommitGuard = (trx: BillfoldTransaction) => Promise<void>;

const commitGuards = new AsyncLocalStorage<CommitGuard>();

/**
 * Runs `work` (and everything it starts) with a guard that every transaction opened through inTransaction runs
 * before it commits. An idempotent request binds its key this way: what the request writes and the mark that it
 * wrote something commit together, or neither does.
 */
export function withCommitGuard<T>(guard: CommitGuard, work: () => T): T {
  return commitGuards.run(guard, work);
}

export function inTransaction<T>(db: BillfoldDb, work: (trx: BillfoldTransaction) => Promise<T>): Promise<T> {
  const guard = commitGuards.getStore();
  if (!guard) return db.transaction().execute(work);
  return db.transaction().execute(async (trx) => {
    const result = await work(trx);
    await guard(trx);
    return result;
  });
}

/**
 * Locks the workspace's billing row until the transaction ends. Takes a Transaction, never a bare
 * connection, so an unlocked read-modify-write of seats or plan cannot be written by accident.
 */
export async function lockWorkspaceBilling(trx: BillfoldTransaction, workspaceId: string) {
  const row = await trx
    .selectFrom('workspace_billing')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new Error(`Workspace ${workspaceId} has no billing row`);
  return row;
}

/** Postgres unique_violation, from pg and PGlite alike. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
