// The whole credit ledger of a workspace as CSV, read a page at a time (keyset on the ledger's order) so a long
// ledger is streamed, not loaded at once.
import { ledgerCsvCells, ledgerCsvHeader } from '../../domain/credits/ledger-csv.ts';
import { csvLine } from '../../domain/csv/csv-line.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { readLedgerPage } from './credit-ledger-export.queries.ts';

const pageSize = 500;

export async function* exportCreditLedger(deps: BillingDeps, access: WorkspaceAccess): AsyncGenerator<string> {
  yield csvLine(ledgerCsvHeader);
  let before: number | null = null;
  for (;;) {
    const rows = await readLedgerPage(deps.db, access.workspace.id, before, pageSize);
    if (rows.length > 0) yield rows.map((row) => csvLine(ledgerCsvCells(row))).join('');
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    before = last.seq;
  }
}
