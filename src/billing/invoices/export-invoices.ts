// The workspace's issued invoices as CSV, read a page at a time so a long history is streamed, not loaded at once;
// the totals per currency are added up on the way and written last.
import { csvLine } from '../../domain/csv/csv-line.ts';
import {
  addToInvoiceTotals,
  type InvoiceCsvTotals,
  invoiceCsvCells,
  invoiceCsvHeader,
  invoiceCsvTotalCells,
} from '../../domain/invoices/invoice-csv.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { readInvoiceExportPage } from './invoice-export.queries.ts';

const pageSize = 500;

export async function* exportInvoices(deps: BillingDeps, access: WorkspaceAccess): AsyncGenerator<string> {
  yield csvLine(invoiceCsvHeader);
  const totals = new Map<string, InvoiceCsvTotals>();
  let before: string | null = null;
  for (;;) {
    const invoices = await readInvoiceExportPage(deps.db, access.workspace.id, before, pageSize);
    for (const invoice of invoices) addToInvoiceTotals(totals, invoice);
    if (invoices.length > 0) yield invoices.map((invoice) => csvLine(invoiceCsvCells(invoice))).join('');
    const last = invoices.at(-1);
    if (!last || invoices.length < pageSize) break;
    before = last.id;
  }
  yield invoiceCsvTotalCells(totals).map(csvLine).join('');
}
