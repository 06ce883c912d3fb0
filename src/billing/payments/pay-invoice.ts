// Pays an invoice with the workspace's default card, never charging inside a database transaction:
// (1) one transaction finalizes a draft and records a pending attempt; (2) the gateway is charged with the
// attempt id as idempotency key; (3) a second transaction records the outcome. A crash between the steps
// leaves a pending attempt that the recovery job settles by asking the gateway — so nothing is charged twice
// and no invoice is lost. The one-unresolved-attempt-per-invoice index makes a concurrent second "pay" stop.
// Subscriptions, seats and renewals run step 1 inside their own transaction (startPaymentInTransaction), so the
// change, its invoice and its pending attempt are written together. What the invoice pays for is settled through
// the table BillingDeps carries (settle-invoice.ts): payments imports no capability it pays for.
import { type BillfoldTransaction, inTransaction, isUniqueViolation } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { isPayable } from '../../domain/invoices/invoice-status.ts';
import type { AttachedCard } from '../../gateways/payment-gateway.ts';
import type { BillingDeps } from '../deps.ts';
import { finalizeInvoice } from '../invoices/finalize-invoice.ts';
import { invoiceViewNow, recordInvoiceEvent } from '../invoices/record-invoice-event.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import type { WorkspaceBilling } from '../workspaces/workspace-billing.queries.ts';
import { askGateway, gatewayUnavailable, paymentResultOf, type RetryableCharge } from './charge-outcome.ts';
import {
  findChargeableCard,
  findChargeableCards,
  findWorkspaceInvoice,
  insertCardUsedOnce,
  markInvoicePaid,
} from './invoice-payment.queries.ts';
import {
  type AnsweredCharge,
  findAttemptOfRequest,
  insertPendingAttempt,
  insertPendingAttempts,
  unresolvedAttemptOf,
} from './payment-attempts.queries.ts';
import { recordChargeOutcome } from './record-charge-outcome.ts';
import { resumePayment } from './resume-payment.ts';
import { settleInvoice } from './settle-invoice.ts';
import { chargeDescriptionFor, type PaymentResult, type StartedPayment } from './started-payment.ts';

/**
 * A card the payer handed over for this one payment (the hosted invoice page's card form), already attached at
 * the gateway: charged instead of the workspace's default card, and kept only as the record of what paid the
 * invoice (stored removed, so it is never among the workspace's cards nor charged again).
 */
export type CardForOnePayment = AttachedCard;

/**
 * `requestRef` (the keyed request, or null) is kept on the attempt: a retry of a request that started this
 * payment and never answered finishes that attempt instead of starting another.
 */
export async function payInvoice(
  deps: BillingDeps,
  workspaceId: string,
  invoiceId: string,
  actor: AuditActor,
  requestRef: string | null = null,
  payWith: CardForOnePayment | null = null,
): Promise<PaymentResult> {
  const started = await withPaymentInProgressError(() =>
    inTransaction(deps.db, async (trx) => {
      const { billing, deps: workspaceDeps } = await lockWorkspace(trx, deps, workspaceId);
      const earlier = requestRef ? await findAttemptOfRequest(trx, workspaceId, requestRef) : undefined;
      if (earlier?.invoiceId === invoiceId) return resumePayment(trx, { id: invoiceId, status: 'open' });
      return startPaymentInTransaction(trx, workspaceDeps, billing, invoiceId, requestRef, payWith);
    }),
  );
  return completePayment(deps, started, actor);
}

/**
 * Steps 2 and 3: charge the card (or look up, or cancel, the charge awaiting the cardholder) and record the outcome.
 * A processor that cannot be reached is 503 gateway_unavailable (the attempt stays pending for the recovery job);
 * any other error from the gateway is a bug and propagates.
 */
export async function completePayment(
  deps: BillingDeps,
  started: StartedPayment,
  actor: AuditActor,
): Promise<PaymentResult> {
  if (started.kind === 'settled') return { status: 'paid' };
  if (started.kind === 'declined') return { status: 'failed', message: started.message };
  const outcome = await sendToGateway(deps, started);
  if (outcome.status === 'retryable') throw gatewayUnavailable(outcome);
  await recordChargeOutcome(deps, started.attempt, outcome, actor);
  return paymentResultOf(outcome);
}

/** Step 2 alone: what the gateway answers for a started payment (retryable when it could not be reached). */
export async function sendToGateway(
  deps: BillingDeps,
  started: Extract<StartedPayment, { attempt: unknown }>,
): Promise<AnsweredCharge | RetryableCharge> {
  const { attempt } = started;
  const outcome = await askGateway(() => {
    switch (started.kind) {
      case 'charge':
        return deps.gateway.charge({
          idempotencyKey: attempt.id,
          gatewayRef: started.gatewayRef,
          amount: attempt.amount,
          currency: attempt.currency,
          description: started.description,
        });
      case 'awaiting_authentication':
        return deps.gateway.findCharge(attempt.id);
      case 'cancel_unconfirmed':
        return deps.gateway.cancelCharge(attempt.id);
    }
  });
  if (!outcome) throw new Error(`The gateway has no charge for attempt ${attempt.id} that asked for action`);
  return outcome;
}

/**
 * Step 1 inside the caller's transaction, which holds the workspace's billing-row lock: finalize a draft and
 * record the pending attempt (or find the one awaiting the cardholder). A nothing-to-pay invoice is paid here.
 */
export async function startPaymentInTransaction(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  billing: Pick<WorkspaceBilling, 'workspaceId' | 'defaultPaymentMethodId'>,
  invoiceId: string,
  requestRef: string | null = null,
  payWith: CardForOnePayment | null = null,
): Promise<StartedPayment> {
  const { workspaceId } = billing;
  const invoice = await findWorkspaceInvoice(trx, workspaceId, invoiceId);
  if (!invoice) throw new BillingError('not_found', `No invoice ${invoiceId} in this workspace.`, { param: 'inv' });
  if (invoice.status === 'uncollectible') {
    throw new BillingError(
      'invoice_not_payable',
      `Invoice ${invoice.number} was written off when its subscription ended for non-payment, so it cannot be paid. Subscribe again from Change plan.`,
    );
  }
  if (!isPayable(invoice.status)) {
    throw new BillingError('invoice_not_payable', `Invoice ${invoice.number} is already ${invoice.status}.`);
  }
  const unresolved = await unresolvedAttemptOf(trx, invoiceId);
  if (unresolved?.status === 'requires_action') return { kind: 'awaiting_authentication', attempt: unresolved };
  if (unresolved) throw paymentInProgress();

  // What the card is charged: the total less what the customer balance paid of it (applied when finalized).
  let { number, amountDue: total } = invoice;
  if (invoice.status === 'draft') ({ number, amountDue: total } = await finalizeInvoice(trx, deps, invoiceId));
  if (total <= 0) {
    // Nothing to charge (credits or the customer balance covered it): settled without asking the card processor.
    const before = await invoiceViewNow(trx, deps, invoiceId);
    await markInvoicePaid(trx, invoiceId, toDate(deps.clock.now()), null);
    await recordInvoiceEvent(trx, deps, { workspaceId, invoiceId, type: 'invoice.paid', before });
    await settleInvoice(trx, deps, invoice, { status: 'paid' });
    return { kind: 'settled' };
  }
  const card = payWith
    ? await insertCardUsedOnce(trx, {
        id: newId('pm'),
        workspaceId,
        gateway: deps.gateway.name,
        card: payWith,
        at: toDate(deps.clock.now()),
      })
    : billing.defaultPaymentMethodId
      ? await findChargeableCard(trx, billing.defaultPaymentMethodId)
      : undefined;
  if (!card) {
    throw new BillingError('payment_method_required', 'Add a payment method first: there is no card to charge.');
  }
  const attempt = await insertPendingAttempt(trx, {
    id: newId('pay'),
    invoiceId,
    workspaceId,
    paymentMethodId: card.id,
    amount: total,
    currency: invoice.currency,
    // Real time: the recovery job's grace period counts from when the attempt really began.
    createdAt: toDate(deps.wallClock.now()),
    requestRef,
  });
  return { kind: 'charge', attempt, gatewayRef: card.gatewayRef, description: chargeDescriptionFor(number) };
}

/** An invoice the caller's transaction has just finalized: open, unpaid, without any attempt yet. */
export interface FreshlyFinalizedInvoice {
  invoiceId: string;
  workspaceId: string;
  paymentMethodId: string;
  number: string;
  total: number;
  currency: string;
}

/**
 * Step 1 for a batch of invoices the caller's transaction has just finalized (a batch of renewals), holding their
 * workspaces' locks: their pending attempts in one statement. An invoice with nothing to pay, or whose card is gone,
 * goes the one-invoice way (settled at once, or payment_method_required), as it would alone.
 */
export async function startPaymentsInTransaction(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  invoices: readonly FreshlyFinalizedInvoice[],
): Promise<StartedPayment[]> {
  const cards = await findChargeableCards(
    trx,
    invoices.map((invoice) => invoice.paymentMethodId),
  );
  const chargeable = invoices.filter((invoice) => invoice.total > 0 && cards.has(invoice.paymentMethodId));
  const createdAt = toDate(deps.wallClock.now());
  const attempts = await insertPendingAttempts(
    trx,
    chargeable.map((invoice) => ({
      id: newId('pay'),
      invoiceId: invoice.invoiceId,
      workspaceId: invoice.workspaceId,
      paymentMethodId: invoice.paymentMethodId,
      amount: invoice.total,
      currency: invoice.currency,
      // Real time: the recovery job's grace period counts from when the attempt really began.
      createdAt,
      requestRef: null,
    })),
  );
  const attemptOf = new Map(attempts.map((attempt) => [attempt.invoiceId, attempt]));
  const started: StartedPayment[] = [];
  for (const invoice of invoices) {
    const attempt = attemptOf.get(invoice.invoiceId);
    const card = cards.get(invoice.paymentMethodId);
    started.push(
      attempt && card
        ? { kind: 'charge', attempt, gatewayRef: card.gatewayRef, description: chargeDescriptionFor(invoice.number) }
        : await startPaymentInTransaction(
            trx,
            deps,
            { workspaceId: invoice.workspaceId, defaultPaymentMethodId: invoice.paymentMethodId },
            invoice.invoiceId,
          ),
    );
  }
  return started;
}

/** Runs step 1; a concurrent second attempt on the same invoice (the unique index) becomes payment_in_progress. */
export async function withPaymentInProgressError<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isUniqueViolation(error)) throw paymentInProgress();
    throw error;
  }
}

function paymentInProgress(): BillingError {
  return new BillingError(
    'payment_in_progress',
    'A payment of this invoice is already under way. Wait a moment and reload.',
  );
}
