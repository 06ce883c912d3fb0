// Steps 2 and 3 of a batch of payments (a batch of renewals): each started charge is sent to the gateway outside any
// transaction, at most `concurrency` at a time (the gateway keeps to the processor's rate limit itself, see
// src/gateways/charge-rate-limit.ts); the charges that succeeded are recorded together, in one transaction and a
// fixed number of statements, and what they paid for is settled by the function the caller hands over (payments
// knows no subscription). Declines and charges waiting for the cardholder are recorded one by one, as a single
// payment's are; a charge the gateway did not answer stays pending for the recovery job, which asks the gateway by
// the same idempotency key — so a run killed at any point is finished later and nothing is charged twice.

import type { BillfoldTransaction } from '../../db/transaction.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { recordAudits } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { invoiceViewsNow, recordInvoiceEvents } from '../invoices/record-invoice-event.ts';
import { lockWorkspaces } from '../workspaces/lock-workspace.ts';
import { paymentResultOf, type RetryableCharge } from './charge-outcome.ts';
import { cardSnapshotsOf, markInvoicesPaid } from './invoice-payment.queries.ts';
import { sendToGateway } from './pay-invoice.ts';
import {
  type AnsweredCharge,
  lockAttempts,
  type PaymentAttempt,
  recordSucceededAttempts,
} from './payment-attempts.queries.ts';
import { recordChargeOutcome } from './record-charge-outcome.ts';
import type { PaymentResult, StartedPayment } from './started-payment.ts';

/** What a payment of the batch came to; `unanswered`: the gateway could not be reached, the attempt stays pending. */
export type CollectedPayment = PaymentResult | { status: 'unanswered'; reason: string };

/** Settles what a batch of paid invoices paid for, in the transaction that records them; `deps` on their clock. */
export type SettlePaidInvoices = (
  trx: BillfoldTransaction,
  deps: BillingDeps,
  invoiceIds: readonly string[],
) => Promise<void>;

export interface CollectOptions {
  /** Charges in flight at once. */
  concurrency: number;
  /** What the succeeded charges' invoices pay for (all the same kind: the caller started them). */
  settlePaid: SettlePaidInvoices;
  actor: AuditActor;
}

export async function collectPayments(
  deps: BillingDeps,
  started: readonly StartedPayment[],
  options: CollectOptions,
): Promise<CollectedPayment[]> {
  const answers = new Array<AnsweredCharge | RetryableCharge | undefined>(started.length);
  let failure: unknown = null;
  let next = 0;
  const sendNext = async (): Promise<void> => {
    while (next < started.length && failure === null) {
      const i = next++;
      const payment = started[i];
      if (!payment || !('attempt' in payment)) continue;
      try {
        answers[i] = await sendToGateway(deps, payment);
      } catch (error) {
        // A bug, not a decline: the charges already answered are still recorded below, then it propagates.
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, sendNext));

  const succeeded: { attempt: PaymentAttempt; ref: string }[] = [];
  const others: { attempt: PaymentAttempt; outcome: AnsweredCharge }[] = [];
  for (const [i, payment] of started.entries()) {
    const answer = answers[i];
    if (!answer || answer.status === 'retryable' || !('attempt' in payment)) continue;
    if (payment.kind === 'charge' && answer.status === 'succeeded')
      succeeded.push({ attempt: payment.attempt, ref: answer.ref });
    else others.push({ attempt: payment.attempt, outcome: answer });
  }
  const recordedAlone = await recordSucceededCharges(deps, succeeded, options);
  for (const { attempt, ref } of recordedAlone) {
    await recordChargeOutcome(deps, attempt, { status: 'succeeded', ref }, options.actor);
  }
  for (const { attempt, outcome } of others) await recordChargeOutcome(deps, attempt, outcome, options.actor);
  if (failure !== null) throw failure;

  return started.map((payment, i): CollectedPayment => {
    if (payment.kind === 'settled') return { status: 'paid' };
    if (payment.kind === 'declined') return { status: 'failed', message: payment.message };
    const answer = answers[i];
    if (!answer) return { status: 'unanswered', reason: 'not sent' };
    return answer.status === 'retryable' ? { status: 'unanswered', reason: answer.reason } : paymentResultOf(answer);
  });
}

/**
 * Records succeeded charges of workspaces on the server's clock together; answers those left to record one by one
 * (a workspace on a test clock, whose dates follow its own clock).
 */
async function recordSucceededCharges(
  rootDeps: BillingDeps,
  charges: readonly { attempt: PaymentAttempt; ref: string }[],
  options: CollectOptions,
): Promise<{ attempt: PaymentAttempt; ref: string }[]> {
  if (charges.length === 0) return [];
  return inTransaction(rootDeps.db, async (trx) => {
    const workspaces = await lockWorkspaces(
      trx,
      rootDeps,
      charges.map((c) => c.attempt.workspaceId),
    );
    const onTestClock = (c: { attempt: PaymentAttempt }) => workspaces.get(c.attempt.workspaceId)?.billing.testClockId;
    const locked = await lockAttempts(
      trx,
      charges.filter((c) => !onTestClock(c)).map((c) => c.attempt.id),
    );
    // Recorded once: an attempt another process (the recovery job) settled meanwhile is left as it is.
    const batch = charges.filter((c) => !onTestClock(c) && locked.get(c.attempt.id)?.status === 'pending');
    if (batch.length > 0) {
      const now = toDate(rootDeps.clock.now());
      const invoiceIds = batch.map((c) => c.attempt.invoiceId);
      // The events' `previous` is what the invoices looked like while their payments were under way.
      const before = await invoiceViewsNow(trx, rootDeps, invoiceIds);
      await recordSucceededAttempts(
        trx,
        batch.map((c) => ({ attemptId: c.attempt.id, chargeRef: c.ref })),
        now,
      );
      const cards = await cardSnapshotsOf(
        trx,
        batch.map((c) => c.attempt.paymentMethodId),
      );
      await markInvoicesPaid(
        trx,
        batch.map((c) => {
          const card = cards.get(c.attempt.paymentMethodId);
          if (!card) throw new Error(`No payment method ${c.attempt.paymentMethodId}`);
          return { invoiceId: c.attempt.invoiceId, card };
        }),
        now,
      );
      await recordInvoiceEvents(
        trx,
        rootDeps,
        batch.map((c, i) => ({
          workspaceId: c.attempt.workspaceId,
          invoiceId: c.attempt.invoiceId,
          type: 'invoice.paid' as const,
          before: before[i],
        })),
      );
      await options.settlePaid(trx, rootDeps, invoiceIds);
      await recordAudits(
        trx,
        rootDeps.clock,
        batch.map((c) => ({
          workspaceId: c.attempt.workspaceId,
          actor: options.actor,
          action: 'payment.succeeded',
          targetId: c.attempt.invoiceId,
          after: { attemptId: c.attempt.id, chargeRef: c.ref, status: 'succeeded', decline: null },
        })),
      );
    }
    return charges.filter(onTestClock);
  });
}
