// One issued invoice of the workspace, and the document (invoice + seller) its PDF and hosted page print.
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import type { InvoiceDocument, InvoiceView } from './invoice-view.ts';
import { loadInvoiceViews } from './load-invoice-views.ts';

export async function getInvoice(deps: BillingDeps, access: WorkspaceAccess, invoiceId: string): Promise<InvoiceView> {
  const row = await deps.db
    .selectFrom('invoice')
    .selectAll()
    .where('id', '=', invoiceId)
    .where('workspace_id', '=', access.workspace.id)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  if (!row) throw new BillingError('not_found', `No invoice ${invoiceId} in this workspace.`, { param: 'inv' });
  const [view] = await loadInvoiceViews(deps.db, deps.baseUrl, [row]);
  if (!view) throw new Error(`invoice ${invoiceId} vanished while loading`);
  return view;
}

export async function getInvoiceDocument(
  deps: BillingDeps,
  access: WorkspaceAccess,
  invoiceId: string,
): Promise<InvoiceDocument> {
  return {
    invoice: await getInvoice(deps, access, invoiceId),
    seller: deps.invoicing.seller,
    workspaceName: access.workspace.name,
  };
}

/** The document behind a hosted invoice page's unguessable token, or null. */
export async function findHostedInvoice(deps: BillingDeps, hostedToken: string): Promise<InvoiceDocument | null> {
  const row = await deps.db
    .selectFrom('invoice')
    .innerJoin('organization', 'organization.id', 'invoice.workspace_id')
    .selectAll('invoice')
    .select('organization.name as workspace_name')
    .where('invoice.hosted_token', '=', hostedToken)
    .where('invoice.status', '!=', 'draft')
    .executeTakeFirst();
  if (!row) return null;
  const { workspace_name, ...invoice } = row;
  const [view] = await loadInvoiceViews(deps.db, deps.baseUrl, [invoice]);
  if (!view) return null;
  return { invoice: view, seller: deps.invoicing.seller, workspaceName: workspace_name };
}
