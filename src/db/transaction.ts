// Transactions and the workspace billing-row lock that serializes every billing change of one workspace.
import type { Transaction } from 'kysely';
import type { BillfoldDb } from './connection.ts';
import type { Database } from './tables.ts';

export type BillfoldTransaction = Transaction<Database>;

export function inTransaction<T>(db: BillfoldDb, work: (trx: BillfoldTransaction) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
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
