// Refunds all or part of a paid invoice, never asking the gateway inside a database transaction: (1) one
// transaction locks the workspace, checks the amount against what is left of the invoice after every refund so far
// (pending ones too, so concurrent refunds never add up past it) and records a pending refund; (2) the gateway
// refunds the card with the refund's id as idempotency key; (3) a second transaction issues the credit note
// (issue-credit-note.ts). A crash between them leaves a pending refund the recovery job finishes with the same key.

import type { CreditedTo, CreditNoteReason } from '../../db/tables.ts';
import { type BillfoldTransaction, inTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { planCreditNote } from '../../domain/credit-notes/credit-note-amounts.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { formatMoney } from '../../domain/money/money.ts';
import { GatewayUnavailableError } from '../../gateways/payment-gateway.ts';
import type { BillingDeps } from '../deps.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import type { CreditNoteView } from './credit-note-view.ts';
import {
  findRefundableInvoice,
  findRefundOfRequest,
  insertPendingRefund,
  lockRefund,
  type Refund,
  refundedSoFar,
} from './credit-notes.queries.ts';
import { issueCreditNoteInTransaction, recordRefund } from './issue-credit-note.ts';

export interface RefundRequest {
  /** Minor units; the whole rest of the invoice when absent. */
  amount?: number | undefined;
  reason: CreditNoteReason;
  memo?: string | undefined;
  to: CreditedTo;
}

export async function refundInvoice(
  deps: BillingDeps,
  workspaceId: string,
  invoiceId: string,
  request: RefundRequest,
  actor: AuditActor,
  requestRef: string | null = null,
): Promise<CreditNoteView> {
  const started = await inTransaction(deps.db, async (trx) => {
    const { deps: workspaceDeps } = await lockWorkspace(trx, deps, workspaceId);
    return startRefund(trx, workspaceDeps, workspaceId, invoiceId, request, actor, requestRef);
  });
  if ('number' in started) return started;
  return completeRefund(deps, started, actor);
}

/**
 * Step 1 inside the caller's transaction, which holds the workspace's lock (a refund alone, or the refund of a
 * subscription ended now): checks the amount and records the pending refund; a refund to the balance is issued here.
 */
export async function startRefund(
  trx: BillfoldTransaction,
  workspaceDeps: BillingDeps,
  workspaceId: string,
  invoiceId: string,
  request: RefundRequest,
  actor: AuditActor,
  requestRef: string | null,
): Promise<CreditNoteView | Refund> {
  // A retry of a request that recorded its refund and never answered finishes that refund.
  const earlier = requestRef ? await findRefundOfRequest(trx, workspaceId, requestRef) : undefined;
  if (earlier) return earlier;

  const invoice = await findRefundableInvoice(trx, workspaceId, invoiceId);
  if (!invoice) throw new BillingError('not_found', `No invoice ${invoiceId} in this workspace.`, { param: 'inv' });
  if (invoice.status !== 'paid') {
    throw new BillingError(
      'invoice_not_refundable',
      `Invoice ${invoice.number} is ${invoice.status}, not paid: only a paid invoice can be refunded.`,
    );
  }
  const soFar = await refundedSoFar(trx, invoice.id);
  const plan = planCreditNote(invoice, { total: soFar.total, tax: 0 }, request.amount ?? null);
  if (plan.kind !== 'credit') throw exceedsRefundable(invoice, plan.refundable);
  if (request.to === 'card') {
    const cardRefundable = invoice.charge ? invoice.charge.amount - soFar.toCard : 0;
    if (plan.total > cardRefundable) {
      throw new BillingError(
        'refund_exceeds_refundable',
        `At most ${formatMoney(Math.max(0, cardRefundable), invoice.currency)} of invoice ${invoice.number} can go back to the card that paid it. Refund a smaller amount, or to the customer balance.`,
        { param: 'amount' },
      );
    }
  }
  const id = newId('rfd');
  await insertPendingRefund(trx, {
    id,
    workspaceId,
    invoiceId: invoice.id,
    paymentAttemptId: request.to === 'card' ? (invoice.charge?.attemptId ?? null) : null,
    amount: plan.total,
    currency: invoice.currency,
    reason: request.reason,
    memo: request.memo ?? null,
    creditedTo: request.to,
    actor,
    requestRef,
    // Real time: the recovery job's grace period counts from when the refund really began.
    createdAt: toDate(workspaceDeps.wallClock.now()),
  });
  if (request.to === 'balance') {
    // Nothing goes through the gateway: the credit note is issued in this same transaction.
    return issueCreditNoteInTransaction(trx, workspaceDeps, id, null, actor);
  }
  return lockRefund(trx, id);
}

/** Steps 2 and 3 for a recorded refund: refund the card (once per key) and issue the credit note. */
export async function completeRefund(deps: BillingDeps, refund: Refund, actor: AuditActor): Promise<CreditNoteView> {
  if (refund.status === 'succeeded' || refund.creditedTo === 'balance') return recordRefund(deps, refund, null, actor);
  if (!refund.chargeRef) throw new Error(`Refund ${refund.id} to a card names no charge`);
  let gatewayRefundRef: string;
  try {
    ({ ref: gatewayRefundRef } = await deps.gateway.refund({
      idempotencyKey: refund.id,
      chargeRef: refund.chargeRef,
      amount: refund.amount,
    }));
  } catch (error) {
    if (error instanceof GatewayUnavailableError) {
      throw new BillingError(
        'gateway_unavailable',
        'The card processor did not answer. The refund completes on its own once it does; the card is refunded once.',
        { cause: error.message, logMessage: `The card processor is unreachable: ${error.message}` },
      );
    }
    throw error;
  }
  return recordRefund(deps, refund, gatewayRefundRef, actor);
}

function exceedsRefundable(invoice: { number: string; currency: string }, refundable: number): BillingError {
  const message =
    refundable === 0
      ? `Invoice ${invoice.number} has already been refunded in full: nothing is left to refund.`
      : `Invoice ${invoice.number} has ${formatMoney(refundable, invoice.currency)} left to refund. Refund that much or less.`;
  return new BillingError('refund_exceeds_refundable', message, { param: 'amount' });
}
