// Step 3 of a refund, in its own transaction: the refund is recorded as done and its credit note issued — the next
// CN number, the lines and tax planned by the pure credit-note rules (and, for a refund to the balance, the balance
// credited) — with the invoice.refunded and
// credit_note.created events and an audit entry. Done once: whoever finds the refund still pending records it (the
// request, or the recovery job).
import { randomBytes } from 'node:crypto';
import { type BillfoldTransaction, inTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { planCreditNote } from '../../domain/credit-notes/credit-note-amounts.ts';
import { newId } from '../../domain/ids.ts';
import { formatInvoiceNumber } from '../../domain/invoices/invoice-number.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { creditCustomerBalance } from '../customer-balance/apply-customer-balance.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { invoiceViewNow, recordInvoiceEvent } from '../invoices/record-invoice-event.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import type { CreditNoteView } from './credit-note-view.ts';
import {
  creditedSoFar,
  creditNotePrefix,
  findCreditNote,
  findRefundableInvoice,
  insertCreditNote,
  lockRefund,
  markRefundSucceeded,
  type Refund,
  takeCreditNoteSequence,
} from './credit-notes.queries.ts';

/** Records the gateway's refund (`gatewayRefundRef`; null for a refund to the balance) and issues the credit note. */
export async function recordRefund(
  rootDeps: BillingDeps,
  refund: Pick<Refund, 'id' | 'workspaceId'>,
  gatewayRefundRef: string | null,
  actor: AuditActor,
): Promise<CreditNoteView> {
  return inTransaction(rootDeps.db, async (trx) => {
    const { deps } = await lockWorkspace(trx, rootDeps, refund.workspaceId);
    return issueCreditNoteInTransaction(trx, deps, refund.id, gatewayRefundRef, actor);
  });
}

/** The same inside the caller's transaction, which holds the workspace's lock. */
export async function issueCreditNoteInTransaction(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  refundId: string,
  gatewayRefundRef: string | null,
  actor: AuditActor,
): Promise<CreditNoteView> {
  const refund = await lockRefund(trx, refundId);
  if (refund.status === 'succeeded' && refund.creditNoteId) return creditNoteView(trx, deps, refund);

  const invoice = await findRefundableInvoice(trx, refund.workspaceId, refund.invoiceId);
  if (!invoice) throw new Error(`Refund ${refund.id} names no invoice of its workspace`);
  // The refund was checked against every refund of the invoice when it was recorded, so it fits what is left.
  const plan = planCreditNote(invoice, await creditedSoFar(trx, invoice.id), refund.amount);
  if (plan.kind !== 'credit') throw new Error(`Refund ${refund.id} exceeds what is left of invoice ${invoice.id}`);

  const before = await invoiceViewNow(trx, deps, invoice.id);
  const creditNoteId = newId('cn');
  const now = toDate(deps.clock.now());
  const number = formatInvoiceNumber(creditNotePrefix, await takeCreditNoteSequence(trx));
  await insertCreditNote(trx, {
    id: creditNoteId,
    workspaceId: refund.workspaceId,
    invoiceId: invoice.id,
    number,
    currency: invoice.currency,
    subtotal: plan.subtotal,
    tax: plan.tax,
    total: plan.total,
    reason: refund.reason,
    memo: refund.memo,
    creditedTo: refund.creditedTo,
    lines: plan.lines,
    hostedToken: randomBytes(32).toString('base64url'),
    issuedAt: now,
  });
  await markRefundSucceeded(trx, refund.id, { gatewayRefundRef, creditNoteId, at: now });
  if (refund.creditedTo === 'balance') {
    const credit = {
      workspaceId: refund.workspaceId,
      creditNoteId,
      number,
      amount: plan.total,
      currency: invoice.currency,
    };
    await creditCustomerBalance(trx, deps, credit, actor);
  }

  const creditNote = await creditNoteView(trx, deps, { ...refund, creditNoteId });
  await recordInvoiceEvent(trx, deps, {
    workspaceId: refund.workspaceId,
    invoiceId: invoice.id,
    type: 'invoice.refunded',
    before,
  });
  await recordEvent(trx, deps.clock, {
    workspaceId: refund.workspaceId,
    type: 'credit_note.created',
    data: { object: creditNote },
  });
  await recordAudit(trx, deps.clock, {
    workspaceId: refund.workspaceId,
    actor,
    action: 'invoice.refunded',
    targetId: invoice.id,
    after: {
      refundId: refund.id,
      creditNote: number,
      amount: plan.total,
      currency: invoice.currency,
      creditedTo: refund.creditedTo,
      reason: refund.reason,
      gatewayRefundRef,
    },
  });
  return creditNote;
}

async function creditNoteView(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  refund: Pick<Refund, 'id' | 'workspaceId' | 'creditNoteId'>,
): Promise<CreditNoteView> {
  const view = refund.creditNoteId
    ? await findCreditNote(trx, deps.baseUrl, refund.workspaceId, refund.creditNoteId)
    : undefined;
  if (!view) throw new Error(`Refund ${refund.id} has no credit note`);
  return view;
}
