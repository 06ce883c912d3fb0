// Dunning: charges a past-due subscription's open renewal invoice again on its retry schedule. The claim
// (FOR UPDATE SKIP LOCKED on the billing row) counts the retry and moves the schedule on before the card is
// charged, so each retry runs once; the payment outcome ends past due, or after the last retry the plan.
// A charge waiting for the cardholder's 3-D Secure confirmation is not sent again (decision 008): a retry asks the
// gateway whether it was confirmed and reminds the customer; the last one cancels it.
import { inTransaction } from '../../db/transaction.ts';
import { systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { nextRetryAt } from '../../domain/dunning/retry-schedule.ts';
import { isPayable } from '../../domain/invoices/invoice-status.ts';
import { countRetry } from '../../domain/subscriptions/subscription-lifecycle.ts';
import type { DueScope } from '../../domain/test-clocks/due-scope.ts';
import type { BillingDeps } from '../deps.ts';
import { recordInvoiceEvent } from '../invoices/record-invoice-event.ts';
import { completePayment, startPaymentInTransaction } from '../payments/pay-invoice.ts';
import { unresolvedAttemptOf } from '../payments/payment-attempts.queries.ts';
import type { PaymentResult, StartedPayment } from '../payments/started-payment.ts';
import { settleSubscriptionInvoice } from '../subscriptions/settle-subscription-invoice.ts';
import { claimDueRetry, lockSubscription } from '../subscriptions/subscriptions.queries.ts';
import { writeTransition } from '../subscriptions/write-transition.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { collectedInvoice } from './dunning.queries.ts';

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
    const due = await claimDueRetry(trx, toDate(now), scope);
    if (!due) return null;
    const { billing } = await lockWorkspace(trx, deps, due.workspaceId);
    const subscription = await lockSubscription(trx, due.subscriptionId);
    // As in renewals: the claim's snapshot may predate another process's retry; the locked read is current.
    if (
      subscription.status !== 'past_due' ||
      !subscription.nextRetryAt ||
      subscription.nextRetryAt.epochMilliseconds > now.epochMilliseconds
    ) {
      return 'retried_meanwhile' as const;
    }
    const invoiceId = subscription.renewalInvoiceId;
    if (!invoiceId || !subscription.pastDueSince)
      throw new Error(`Past-due subscription ${subscription.id} has no open invoice`);
    const retry = subscription.retriesDone + 1;
    const following = nextRetryAt(subscription.pastDueSince, retry, deps.dunningRetryDays);
    await writeTransition(trx, deps, countRetry(subscription, following));
    const base = { subscriptionId: subscription.id, invoiceId, retry };
    const workspaceId = subscription.workspaceId;
    const invoice = await collectedInvoice(trx, invoiceId);
    const unresolved = await unresolvedAttemptOf(trx, invoiceId);
    if (isPayable(invoice.status) && unresolved?.status === 'requires_action') {
      // Sending it again would leave two charges the cardholder could confirm for one invoice.
      const started: StartedPayment = following
        ? { kind: 'awaiting_authentication', attempt: unresolved }
        : { kind: 'cancel_unconfirmed', attempt: unresolved };
      return { ...base, workspaceId, started, reason: null };
    }
    if (!isPayable(invoice.status) || unresolved) {
      return { ...base, workspaceId, started: null, reason: 'a payment of the invoice is already under way' };
    }
    if (!billing.defaultPaymentMethodId) {
      await settleSubscriptionInvoice(trx, deps, invoiceId, 'failed');
      return { ...base, workspaceId, started: null, reason: 'there is no payment method to charge' };
    }
    const started: StartedPayment = await startPaymentInTransaction(trx, deps, billing, invoiceId);
    return { ...base, workspaceId, started, reason: null };
  });
  if (!claimed) return null;
  if (claimed === 'retried_meanwhile') return retryNextDuePayment(deps, scope);
  const { started, reason, workspaceId, ...base } = claimed;
  const payment = started
    ? await completePayment(deps, started, systemActor)
    : { status: 'not_charged' as const, reason: reason ?? 'not charged' };
  if (started?.kind === 'awaiting_authentication' && payment.status === 'requires_action') {
    await remindToConfirm(deps, workspaceId, base.invoiceId);
  }
  return { ...base, payment };
}

/** Each retry tells the customer again that the bank waits for them: the invoice's payment carries the same link. */
async function remindToConfirm(deps: BillingDeps, workspaceId: string, invoiceId: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await recordInvoiceEvent(trx, deps, { workspaceId, invoiceId, type: 'invoice.payment_action_required' });
  });
}
