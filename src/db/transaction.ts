// Transactions: the commit guard an idempotent request binds its writes with, and unique-violation detection.
// (The workspace lock is src/billing/workspaces/lock-workspace.ts.)
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

/** Postgres unique_violation, from pg and PGlite alike. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
