// Reads the workspace's issued invoices for export, newest first (the list's order), a page at a time by id
// (keyset, no OFFSET), with only the columns the CSV prints.
import type { BillfoldDb } from '../../db/connection.ts';
import type { InvoiceStatusName } from '../../domain/invoices/invoice-status.ts';
import { listedInvoicesNewestFirst } from './listed-invoices.queries.ts';

export interface ExportedInvoice {
  id: string;
  number: string | null;
  issuedAt: Date | null;
  status: InvoiceStatusName;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
}

/** Up to `limit` issued invoices older than `beforeId` (the newest when null). */
export async function readInvoiceExportPage(
  db: BillfoldDb,
  workspaceId: string,
  beforeId: string | null,
  limit: number,
): Promise<ExportedInvoice[]> {
  const rows = await listedInvoicesNewestFirst(db, workspaceId, beforeId ?? undefined)
    .select(['id', 'number', 'issued_at', 'status', 'currency', 'subtotal', 'tax', 'total'])
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    issuedAt: row.issued_at,
    status: row.status,
    currency: row.currency,
    subtotal: row.subtotal,
    tax: row.tax,
    total: row.total,
  }));
}
