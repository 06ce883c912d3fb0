// One credit note of the workspace, a page of them (of one invoice, if named), and the document its PDF and hosted
// page print.
import type { Page, PageRequest } from '../../db/keyset-page.ts';
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import type { CreditNoteDocument, CreditNoteView } from './credit-note-view.ts';
import { findCreditNote, findCreditNoteByHostedToken, listWorkspaceCreditNotes } from './credit-notes.queries.ts';

export async function getCreditNote(
  deps: BillingDeps,
  access: WorkspaceAccess,
  creditNoteId: string,
): Promise<CreditNoteView> {
  const view = await findCreditNote(deps.db, deps.baseUrl, access.workspace.id, creditNoteId);
  if (!view) throw new BillingError('not_found', `No credit note ${creditNoteId} in this workspace.`, { param: 'cn' });
  return view;
}

export function listCreditNotes(
  deps: BillingDeps,
  access: WorkspaceAccess,
  filter: PageRequest & { invoice?: string | undefined },
): Promise<Page<CreditNoteView>> {
  return listWorkspaceCreditNotes(deps.db, deps.baseUrl, access.workspace.id, {
    limit: filter.limit,
    startingAfter: filter.startingAfter,
    invoiceId: filter.invoice,
  });
}

export async function getCreditNoteDocument(
  deps: BillingDeps,
  access: WorkspaceAccess,
  creditNoteId: string,
): Promise<CreditNoteDocument> {
  return {
    creditNote: await getCreditNote(deps, access, creditNoteId),
    seller: deps.invoicing.seller,
    workspaceName: access.workspace.name,
  };
}

/** The document behind a hosted credit note page's unguessable token, or null. */
export async function findHostedCreditNote(deps: BillingDeps, hostedToken: string): Promise<CreditNoteDocument | null> {
  const found = await findCreditNoteByHostedToken(deps.db, deps.baseUrl, hostedToken);
  return found ? { ...found, seller: deps.invoicing.seller } : null;
}
