// Reads the credit ledger for export, newest first, a page at a time by the ledger's order (keyset, no OFFSET),
// with the invoice of each purchased grant.
import type { BillfoldDb } from '../../db/connection.ts';

export interface ExportedLedgerEntry {
  seq: number;
  type: 'grant' | 'debit' | 'expiry' | 'adjustment';
  credits: number;
  balanceAfter: number;
  description: string;
  createdAt: Date;
  invoice: { number: string | null; total: number; currency: string } | null;
}

/** Up to `limit` entries older than the entry at `beforeSeq` (all the newest when null). */
export async function readLedgerPage(
  db: BillfoldDb,
  workspaceId: string,
  beforeSeq: number | null,
  limit: number,
): Promise<ExportedLedgerEntry[]> {
  let query = db
    .selectFrom('credit_transaction as t')
    .leftJoin('credit_grant as g', 'g.id', 't.grant_id')
    .leftJoin('invoice as i', 'i.id', 'g.invoice_id')
    .select([
      't.seq',
      't.type',
      't.credits',
      't.balance_after',
      't.description',
      't.created_at',
      'i.id as invoice_id',
      'i.number as invoice_number',
      'i.total as invoice_total',
      'i.currency as invoice_currency',
    ])
    .where('t.workspace_id', '=', workspaceId)
    .orderBy('t.seq', 'desc')
    .limit(limit);
  if (beforeSeq !== null) query = query.where('t.seq', '<', beforeSeq);
  const rows = await query.execute();
  return rows.map((row) => ({
    seq: Number(row.seq),
    type: row.type,
    credits: row.credits,
    balanceAfter: row.balance_after,
    description: row.description,
    createdAt: row.created_at,
    invoice:
      row.invoice_id !== null && row.invoice_total !== null && row.invoice_currency !== null
        ? { number: row.invoice_number, total: row.invoice_total, currency: row.invoice_currency }
        : null,
  }));
}
