// Issues a one-off invoice (setup fees, services, anything outside a plan): a draft with the given lines,
// finalized at once in the same transaction. It is left open: paid from the page or with `…/pay`.
import { inTransaction, lockWorkspaceBilling } from '../../db/transaction.ts';
import { fullLine } from '../../domain/invoices/invoice-totals.ts';
import { auditActorOf } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { createDraftInvoice } from './create-draft-invoice.ts';
import { finalizeInvoice } from './finalize-invoice.ts';
import { findInvoiceOfRequest } from './invoice-of-request.queries.ts';

export interface OneOffInvoiceInput {
  currency: string;
  lines: { description: string; quantity: number; unitAmount: number }[];
}

/** `requestRef` names the keyed request: a retry of one that issued and never answered gets that same invoice. */
export async function issueOneOffInvoice(
  deps: BillingDeps,
  access: WorkspaceAccess,
  input: OneOffInvoiceInput,
  requestRef: string | null = null,
): Promise<string> {
  const workspaceId = access.workspace.id;
  return inTransaction(deps.db, async (trx) => {
    await lockWorkspaceBilling(trx, workspaceId);
    const earlier = requestRef ? await findInvoiceOfRequest(trx, workspaceId, requestRef) : undefined;
    if (earlier) return earlier.id;
    const invoiceId = await createDraftInvoice(trx, deps.clock, {
      workspaceId,
      currency: input.currency,
      lines: input.lines.map((line) => fullLine(line.description, line.quantity, line.unitAmount)),
      period: null,
      requestRef,
    });
    const { number, total } = await finalizeInvoice(trx, deps, invoiceId);
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'invoice.issued',
      targetId: invoiceId,
      after: { number, total, currency: input.currency },
    });
    return invoiceId;
  });
}
