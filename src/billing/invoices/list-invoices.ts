// The workspace's issued invoices, newest first (drafts are work in progress and not shown).
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import type { InvoiceView } from './invoice-view.ts';
import { loadInvoiceViews } from './load-invoice-views.ts';

export async function listInvoices(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<InvoiceView>> {
  let query = deps.db
    .selectFrom('invoice')
    .selectAll()
    .where('workspace_id', '=', access.workspace.id)
    .where('status', '!=', 'draft')
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('id', '<', page.startingAfter);
  const rows = await query.execute();
  const { data, hasMore } = toPage(rows, page.limit);
  return { data: await loadInvoiceViews(deps.db, deps.baseUrl, data), hasMore };
}
