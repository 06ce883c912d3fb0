// The credit ledger, newest first: every grant, debit, expiry and adjustment with its reason, actor and the
// balance after it.
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type CreditLedgerEntry, listLedgerEntries } from './credit-ledger.queries.ts';

export type CreditTransactionView = CreditLedgerEntry;

export async function listCreditTransactions(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<CreditTransactionView>> {
  return toPage(await listLedgerEntries(deps.db, access.workspace.id, page), page.limit);
}
