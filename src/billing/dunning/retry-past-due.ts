// Dunning: charges a past-due subscription's open renewal invoice again on its retry schedule. The claim
// (FOR UPDATE SKIP LOCKED on the billing row) counts the retry and moves the schedule on before the card is
// charged, so each retry runs once; the payment outcome ends past due, or after the last retry the plan.
// A charge waiting for the cardholder's 3-D Secure confirmation is not sent again (decision 008): a retry asks the
// gateway whether it was confirmed and reminds the customer; the last one cancels it.
import type { PaymentAttemptRow } from '../../db/tables.ts';
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { nextRetryAt } from '../../domain/dunning/retry-schedule.ts';
import { isPayable } from '../../domain/invoices/invoice-status.ts';
import { systemActor } from '../access/actor.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import {
  completePayment,
  type PaymentResult,
  type StartedPayment,
  startPaymentInTransaction,
} from '../payments/pay-invoice.ts';
import { type DueScope, withinScope } from '../subscriptions/due-scope.ts';
import { instantOf } from '../subscriptions/live-subscription.ts';
import { settleSubscriptionInvoice } from '../subscriptions/settle-subscription-invoice.ts';

export interface RetryOutcome {
  subscriptionId: string;
  invoiceId: string;
  retry: number;
  payment: PaymentResult | { status: 'not_charged'; reason: string };
}

/** Runs the most overdue retry in scope; null when none is due. */
export async function retryNextDuePayment(deps: BillingDeps, scope: DueScope): Promise<RetryOutcome | null> {
  const claimed = await inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    const due = await withinScope(
      trx
        .selectFrom('subscription')
        .innerJoin('workspace_billing', 'workspace_billing.workspace_id', 'subscription.workspace_id')
        .select(['subscription.id'])
        .where('subscription.status', '=', 'past_due')
        .where('subscription.next_retry_at', '<=', toDate(now)),
      scope,
    )
      .orderBy('subscription.next_retry_at')
      .limit(1)
      .forUpdate('workspace_billing')
      .skipLocked()
      .executeTakeFirst();
    if (!due) return null;
    const subscription = await trx
      .selectFrom('subscription')
      .selectAll()
      .where('id', '=', due.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // As in renewals: the claim's snapshot may predate another process's retry; the locked read is current.
    if (
      subscription.status !== 'past_due' ||
      !subscription.next_retry_at ||
      subscription.next_retry_at.getTime() > now.epochMilliseconds
    ) {
      return 'retried_meanwhile' as const;
    }
    const billing = await trx
      .selectFrom('workspace_billing')
      .selectAll()
      .where('workspace_id', '=', subscription.workspace_id)
      .executeTakeFirstOrThrow();
    const invoiceId = subscription.dunning_invoice_id;
    if (!invoiceId || !subscription.past_due_since)
      throw new Error(`Past-due subscription ${subscription.id} has no open invoice`);
    const retry = subscription.retries_done + 1;
    const following = nextRetryAt(instantOf(subscription.past_due_since), retry, deps.dunningRetryDays);
    await trx
      .updateTable('subscription')
      .set({ retries_done: retry, next_retry_at: following ? toDate(following) : null })
      .where('id', '=', subscription.id)
      .execute();
    const base = { subscriptionId: subscription.id, invoiceId, retry };
    const invoice = await trx
      .selectFrom('invoice')
      .select('status')
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    const unresolved = await trx
      .selectFrom('payment_attempt')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .where('status', 'in', ['pending', 'requires_action'])
      .executeTakeFirst();
    if (isPayable(invoice.status) && unresolved?.status === 'requires_action') {
      // Sending it again would leave two charges the cardholder could confirm for one invoice.
      const started: StartedPayment = following
        ? { kind: 'awaiting_authentication', attempt: unresolved }
        : { kind: 'cancel_unconfirmed', attempt: unresolved };
      return { ...base, started, reason: null };
    }
    if (!isPayable(invoice.status) || unresolved) {
      return { ...base, started: null, reason: 'a payment of the invoice is already under way' };
    }
    if (!billing.default_payment_method_id) {
      await settleSubscriptionInvoice(trx, deps, invoiceId, 'failed');
      return { ...base, started: null, reason: 'there is no payment method to charge' };
    }
    const started: StartedPayment = await startPaymentInTransaction(trx, deps, billing, invoiceId);
    return { ...base, started, reason: null };
  });
  if (!claimed) return null;
  if (claimed === 'retried_meanwhile') return retryNextDuePayment(deps, scope);
  const { started, reason, ...base } = claimed;
  const payment = started
    ? await completePayment(deps, started, systemActor)
    : { status: 'not_charged' as const, reason: reason ?? 'not charged' };
  if (started?.kind === 'awaiting_authentication' && payment.status === 'requires_action') {
    await remindToConfirm(deps, started.attempt, payment.nextActionUrl, base.retry);
  }
  return { ...base, payment };
}

/** Each retry tells the customer again that the bank waits for them, with the same link. */
async function remindToConfirm(
  deps: BillingDeps,
  attempt: PaymentAttemptRow,
  nextActionUrl: string | null,
  retry: number,
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const invoice = await trx
      .selectFrom('invoice')
      .select(['number', 'total', 'currency'])
      .where('id', '=', attempt.invoice_id)
      .executeTakeFirstOrThrow();
    await recordEvent(trx, deps.clock, {
      workspaceId: attempt.workspace_id,
      type: 'invoice.payment_action_required',
      data: {
        invoiceId: attempt.invoice_id,
        number: invoice.number,
        amount: invoice.total,
        currency: invoice.currency,
        nextActionUrl,
        retry,
      },
    });
  });
}
