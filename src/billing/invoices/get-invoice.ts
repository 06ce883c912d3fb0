// One issued invoice of the workspace, and the document (invoice + seller) its PDF and hosted page print.
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import type { HostedInvoiceDocument, InvoiceDocument, InvoiceView } from './invoice-view.ts';
import { findInvoiceByHostedToken, findIssuedInvoice } from './invoice-views.queries.ts';

export async function getInvoice(deps: BillingDeps, access: WorkspaceAccess, invoiceId: string): Promise<InvoiceView> {
  const view = await findIssuedInvoice(deps.db, deps.baseUrl, access.workspace.id, invoiceId);
  if (!view) throw new BillingError('not_found', `No invoice ${invoiceId} in this workspace.`, { param: 'inv' });
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
export async function findHostedInvoice(deps: BillingDeps, hostedToken: string): Promise<HostedInvoiceDocument | null> {
  const found = await findInvoiceByHostedToken(deps.db, deps.baseUrl, hostedToken);
  if (!found) return null;
  return {
    invoice: found.invoice,
    seller: deps.invoicing.seller,
    workspaceName: found.workspaceName,
    subscriptionPastDue: found.subscriptionPastDue,
  };
}
