// Pays an invoice with the workspace's default card, never charging inside a database transaction:
// (1) one transaction finalizes a draft and records a pending attempt; (2) the gateway is charged with the
// attempt id as idempotency key; (3) a second transaction records the outcome. A crash between the steps
// leaves a pending attempt that the recovery job settles by asking the gateway — so nothing is charged twice
// and no invoice is lost. The one-unresolved-attempt-per-invoice index makes a concurrent second "pay" stop.
// Subscriptions, seats and renewals run step 1 inside their own transaction (startPaymentInTransaction), so the
// change, its invoice and its pending attempt are written together.
import type { PaymentAttemptRow, WorkspaceBillingRow } from '../../db/tables.ts';
import { type BillfoldTransaction, inTransaction, isUniqueViolation } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { isPayable } from '../../domain/invoices/invoice-status.ts';
import type { GatewayCharge } from '../../gateways/payment-gateway.ts';
import type { AuditActor } from '../access/actor.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { finalizeInvoice } from '../invoices/finalize-invoice.ts';
import { lockWorkspaceBillingAt } from '../test-clocks/workspace-clock.ts';
import { recordChargeOutcome } from './record-charge-outcome.ts';
import { findAttemptOfRequest } from './resume-payment.queries.ts';
import { resumePayment } from './resume-payment.ts';
import { settleInvoice } from './settle-invoice.ts';

export type PaymentResult =
  | { status: 'paid' }
  | { status: 'requires_action'; nextActionUrl: string | null }
  | { status: 'failed'; message: string };

export type StartedPayment =
  | { kind: 'settled' }
  | { kind: 'charge'; attempt: PaymentAttemptRow; gatewayRef: string; description: string }
  | { kind: 'awaiting_authentication'; attempt: PaymentAttemptRow }
  /** Only when resuming a keyed request: its charge was already declined. */
  | { kind: 'declined'; message: string }
  /** Dunning gives up on a charge the cardholder never confirmed: it is canceled at the gateway. */
  | { kind: 'cancel_unconfirmed'; attempt: PaymentAttemptRow };

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
): Promise<PaymentResult> {
  const started = await withPaymentInProgressError(() =>
    inTransaction(deps.db, async (trx) => {
      const { billing, deps: workspaceDeps } = await lockWorkspaceBillingAt(trx, deps, workspaceId);
      const earlier = requestRef ? await findAttemptOfRequest(trx, workspaceId, requestRef) : undefined;
      if (earlier?.invoice_id === invoiceId) return resumePayment(trx, { id: invoiceId, status: 'open' });
      return startPaymentInTransaction(trx, workspaceDeps, billing, invoiceId, requestRef);
    }),
  );
  return completePayment(deps, started, actor);
}

/**
 * Steps 2 and 3: charge the card (or look up, or cancel, the charge awaiting the cardholder) and record the outcome.
 */
export async function completePayment(
  deps: BillingDeps,
  started: StartedPayment,
  actor: AuditActor,
): Promise<PaymentResult> {
  if (started.kind === 'settled') return { status: 'paid' };
  if (started.kind === 'declined') return { status: 'failed', message: started.message };
  let charge: GatewayCharge | null;
  try {
    charge =
      started.kind === 'charge'
        ? await deps.gateway.charge({
            idempotencyKey: started.attempt.id,
            gatewayRef: started.gatewayRef,
            amount: started.attempt.amount,
            currency: started.attempt.currency,
            description: started.description,
          })
        : started.kind === 'awaiting_authentication'
          ? await deps.gateway.findCharge(started.attempt.id)
          : await deps.gateway.cancelCharge(started.attempt.id);
  } catch (error) {
    throw new BillingError(
      'gateway_unavailable',
      'The card processor did not answer. The payment settles on its own once it does; nothing will be charged twice.',
      { cause: error },
    );
  }
  if (!charge) throw new Error(`The gateway has no charge for attempt ${started.attempt.id} that asked for action`);
  await recordChargeOutcome(deps, started.attempt, charge, actor);
  return resultOf(charge);
}

/**
 * Step 1 inside the caller's transaction, which holds the workspace's billing-row lock: finalize a draft and
 * record the pending attempt (or find the one awaiting the cardholder). A nothing-to-pay invoice is paid here.
 */
export async function startPaymentInTransaction(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  billing: Pick<WorkspaceBillingRow, 'workspace_id' | 'default_payment_method_id'>,
  invoiceId: string,
  requestRef: string | null = null,
): Promise<StartedPayment> {
  const workspaceId = billing.workspace_id;
  const invoice = await trx
    .selectFrom('invoice')
    .select(['id', 'status', 'number', 'total', 'currency'])
    .where('id', '=', invoiceId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
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
  const unresolved = await trx
    .selectFrom('payment_attempt')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .where('status', 'in', ['pending', 'requires_action'])
    .executeTakeFirst();
  if (unresolved?.status === 'requires_action') return { kind: 'awaiting_authentication', attempt: unresolved };
  if (unresolved) throw paymentInProgress();

  let { number, total } = invoice;
  if (invoice.status === 'draft') ({ number, total } = await finalizeInvoice(trx, deps, invoiceId));
  if (total <= 0) {
    // Nothing to charge (credits covered it): settled without asking the card processor.
    await trx
      .updateTable('invoice')
      .set({ status: 'paid', paid_at: toDate(deps.clock.now()) })
      .where('id', '=', invoiceId)
      .execute();
    await recordEvent(trx, deps.clock, {
      workspaceId,
      type: 'invoice.paid',
      data: { invoiceId, number, amount: total },
    });
    await settleInvoice(trx, deps, invoiceId, { status: 'paid' });
    return { kind: 'settled' };
  }
  const card = billing.default_payment_method_id
    ? await trx
        .selectFrom('payment_method')
        .select(['id', 'gateway_ref'])
        .where('id', '=', billing.default_payment_method_id)
        .executeTakeFirst()
    : undefined;
  if (!card) {
    throw new BillingError('payment_method_required', 'Add a payment method first: there is no card to charge.');
  }
  const attempt = await trx
    .insertInto('payment_attempt')
    .values({
      id: newId('pay'),
      invoice_id: invoiceId,
      workspace_id: workspaceId,
      payment_method_id: card.id,
      amount: total,
      currency: invoice.currency,
      status: 'pending',
      // Real time: the recovery job's grace period counts from when the attempt really began.
      created_at: toDate(deps.wallClock.now()),
      request_ref: requestRef,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { kind: 'charge', attempt, gatewayRef: card.gateway_ref, description: chargeDescriptionFor(number) };
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

/** What the cardholder's statement says for an invoice's charge. */
export function chargeDescriptionFor(invoiceNumber: string | null): string {
  return `Invoice ${invoiceNumber}`;
}

function paymentInProgress(): BillingError {
  return new BillingError(
    'payment_in_progress',
    'A payment of this invoice is already under way. Wait a moment and reload.',
  );
}

function resultOf(charge: GatewayCharge): PaymentResult {
  switch (charge.status) {
    case 'succeeded':
      return { status: 'paid' };
    case 'requires_action':
      return { status: 'requires_action', nextActionUrl: charge.nextActionUrl };
    case 'failed':
      return { status: 'failed', message: charge.decline?.message ?? 'The payment failed.' };
  }
}
