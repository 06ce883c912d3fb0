// Issues a one-off invoice (setup fees, services, anything outside a plan): a draft with the given lines,
// finalized at once in the same transaction. It is left open (paid from the page or with `…/pay`), unless the customer
// balance covers it: then it is collected at once with nothing to charge, as any such invoice is. It lives with
// payments, not invoices, because it collects: payments uses invoices, never the other way round.
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { fullLine } from '../../domain/invoices/invoice-totals.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { createDraftInvoice } from '../invoices/create-draft-invoice.ts';
import { finalizeInvoice } from '../invoices/finalize-invoice.ts';
import { findInvoiceOfRequest } from '../invoices/invoice-of-request.queries.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { startPaymentInTransaction } from './pay-invoice.ts';

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
    // The invoice's dates are billing dates, on the workspace's clock (its test clock's, when it has one); the
    // audit entry keeps the server's time.
    const { deps: workspaceDeps } = await lockWorkspace(trx, deps, workspaceId);
    const earlier = requestRef ? await findInvoiceOfRequest(trx, workspaceId, requestRef) : undefined;
    if (earlier) return earlier.id;
    const invoiceId = await createDraftInvoice(trx, workspaceDeps.clock, {
      workspaceId,
      currency: input.currency,
      lines: input.lines.map((line) => fullLine(line.description, line.quantity, line.unitAmount)),
      period: null,
      requestRef,
    });
    const { number, total, amountDue } = await finalizeInvoice(trx, workspaceDeps, invoiceId);
    if (amountDue <= 0) {
      await startPaymentInTransaction(trx, workspaceDeps, { workspaceId, defaultPaymentMethodId: null }, invoiceId);
    }
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
