// SQL reading the credit ledger (credit_transaction): a debit by its idempotency key, and a page of entries
// newest first, mapped to the entries the use cases and the API see.
import type { BillfoldDb } from '../../db/connection.ts';
import type { PageRequest } from '../../db/keyset-page.ts';
import type { CreditTransactionType } from '../../db/tables.ts';

export interface CreditLedgerEntry {
  id: string;
  type: CreditTransactionType;
  credits: number;
  balanceAfter: number;
  description: string;
  metadata: Record<string, unknown> | null;
  actor: { type: 'user' | 'api_key' | 'system'; id: string | null };
  grantId: string | null;
  createdAt: Date;
}

/** The workspace's ledger entry written under an idempotency key, with the fingerprint of its request. */
export async function findEntryByIdempotencyKey(
  db: BillfoldDb,
  workspaceId: string,
  idempotencyKey: string,
): Promise<KeyedLedgerEntry | undefined> {
  const row = await db
    .selectFrom('credit_transaction')
    .select(['id', 'credits', 'balance_after', 'created_at', 'request_fingerprint'])
    .where('workspace_id', '=', workspaceId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return row ? keyedEntryOf(row) : undefined;
}

export interface KeyedLedgerEntry {
  id: string;
  credits: number;
  balanceAfter: number;
  createdAt: Date;
  requestFingerprint: string | null;
}

function keyedEntryOf(row: {
  id: string;
  credits: number;
  balance_after: number;
  created_at: Date;
  request_fingerprint: string | null;
}): KeyedLedgerEntry {
  return {
    id: row.id,
    credits: row.credits,
    balanceAfter: row.balance_after,
    createdAt: row.created_at,
    requestFingerprint: row.request_fingerprint,
  };
}

/** The workspace's ledger entries written under any of these idempotency keys, by key. */
export async function findEntriesByIdempotencyKeys(
  db: BillfoldDb,
  workspaceId: string,
  idempotencyKeys: readonly string[],
): Promise<Map<string, KeyedLedgerEntry>> {
  const rows = await db
    .selectFrom('credit_transaction')
    .select(['id', 'credits', 'balance_after', 'created_at', 'request_fingerprint', 'idempotency_key'])
    .where('workspace_id', '=', workspaceId)
    .where('idempotency_key', 'in', idempotencyKeys)
    .execute();
  return new Map(rows.map((row) => [row.idempotency_key as string, keyedEntryOf(row)]));
}

/** Up to `limit + 1` entries, newest first, after the `startingAfter` entry (the extra one tells hasMore). */
export async function listLedgerEntries(
  db: BillfoldDb,
  workspaceId: string,
  page: PageRequest,
): Promise<CreditLedgerEntry[]> {
  let query = db
    .selectFrom('credit_transaction')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('seq', 'desc')
    .limit(page.limit + 1);
  const after = page.startingAfter;
  if (after) {
    query = query.where('seq', '<', (eb) =>
      eb.selectFrom('credit_transaction').select('seq').where('id', '=', after).where('workspace_id', '=', workspaceId),
    );
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    credits: row.credits,
    balanceAfter: row.balance_after,
    description: row.description,
    metadata: row.metadata,
    actor: { type: row.actor_type, id: row.actor_id },
    grantId: row.grant_id,
    createdAt: row.created_at,
  }));
}
