// The workspace's issued invoices, newest first (drafts are work in progress and not shown).
import type { Page, PageRequest } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import type { InvoiceView } from './invoice-view.ts';
import { listIssuedInvoices } from './invoice-views.queries.ts';

export async function listInvoices(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<InvoiceView>> {
  return listIssuedInvoices(deps.db, deps.baseUrl, access.workspace.id, page);
}
