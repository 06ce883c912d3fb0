// Renews one due subscription at its period end. The claiming transaction locks the workspace's billing row
// with FOR UPDATE SKIP LOCKED (so any number of processes share the work), ends a subscription set to end or
// renews it with the scheduled change applied, issues the new period's invoice and records the pending payment
// attempt; the card is charged after it commits. A period is therefore renewed exactly once, and a crash leaves
// a pending attempt the recovery job settles.

import type { Temporal } from 'temporal-polyfill';
import { type BillfoldTransaction, inTransaction } from '../../db/transaction.ts';
import { systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { seatsInUse } from '../../domain/seats/seat-limit.ts';
import { nextRenewal } from '../../domain/subscriptions/next-renewal.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import { end, renew } from '../../domain/subscriptions/subscription-lifecycle.ts';
import type { DueScope } from '../../domain/test-clocks/due-scope.ts';
import type { BillingDeps } from '../deps.ts';
import { createDraftInvoice } from '../invoices/create-draft-invoice.ts';
import { finalizeInvoice } from '../invoices/finalize-invoice.ts';
import { completePayment, startPaymentInTransaction } from '../payments/pay-invoice.ts';
import type { PaymentResult, StartedPayment } from '../payments/started-payment.ts';
import { loadSeatUsage } from '../seats/seat-usage.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { settleSubscriptionInvoice } from './settle-subscription-invoice.ts';
import { claimDue, lockSubscription } from './subscriptions.queries.ts';
import { writeTransition } from './write-transition.ts';

export type RenewalOutcome =
  | { subscriptionId: string; kind: 'ended' }
  | {
      subscriptionId: string;
      kind: 'renewed';
      invoiceId: string;
      payment: PaymentResult | { status: 'no_payment_method' };
    };

/** Renews the most overdue subscription in scope; null when none is due. */
export async function renewNextDueSubscription(deps: BillingDeps, scope: DueScope): Promise<RenewalOutcome | null> {
  const claimed = await inTransaction(deps.db, async (trx) => {
    const due = await claimDue(trx, 'renewal', toDate(deps.clock.now()), scope);
    if (!due) return null;
    return renewInTransaction(trx, deps, due.workspaceId, due.subscriptionId);
  });
  if (claimed === 'renewed_meanwhile') return renewNextDueSubscription(deps, scope);
  if (!claimed || claimed.kind === 'ended') return claimed;
  const payment = claimed.payment
    ? await completePayment(deps, claimed.payment, systemActor)
    : { status: 'no_payment_method' as const };
  return { subscriptionId: claimed.subscriptionId, kind: 'renewed', invoiceId: claimed.invoiceId, payment };
}

async function renewInTransaction(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  workspaceId: string,
  subscriptionId: string,
): Promise<
  | 'renewed_meanwhile'
  | { subscriptionId: string; kind: 'ended' }
  | { subscriptionId: string; kind: 'renewed'; invoiceId: string; payment: StartedPayment | null }
> {
  // The claim locked the row already; this rereads it. `deps` keeps the clock it was given (a test clock's
  // advance hands each step's own moment).
  const { billing } = await lockWorkspace(trx, deps, workspaceId);
  const subscription = await lockSubscription(trx, subscriptionId);
  const now = deps.clock.now();
  // The claim saw the subscription as of its snapshot: another process may have renewed it just before this
  // one locked the billing row. The locked read above is current, so this check makes renewals once-only.
  if (!isDue(subscription, now)) return 'renewed_meanwhile';
  const usage = await loadSeatUsage(trx, deps.catalog, workspaceId, billing, toDate(deps.wallClock.now()));
  const renewal = nextRenewal(subscription, seatsInUse(usage));
  if (!renewal) {
    await writeTransition(trx, deps, end(subscription, now, 'canceled_at_period_end'));
    return { subscriptionId, kind: 'ended' };
  }
  const invoiceId = await createDraftInvoice(trx, deps.clock, {
    workspaceId,
    currency: renewal.price.currency,
    lines: [renewal.line],
    period: { start: toDate(renewal.period.start), end: toDate(renewal.period.end) },
    subscriptionId,
    billingReason: 'subscription_cycle',
  });
  await writeTransition(trx, deps, renew(subscription, renewal, invoiceId));
  if (!billing.defaultPaymentMethodId) {
    // Nothing to charge: the renewal invoice is issued and the subscription goes past due at once.
    await finalizeInvoice(trx, deps, invoiceId);
    await settleSubscriptionInvoice(trx, deps, invoiceId, 'failed');
    return { subscriptionId, kind: 'renewed', invoiceId, payment: null };
  }
  return {
    subscriptionId,
    kind: 'renewed',
    invoiceId,
    payment: await startPaymentInTransaction(trx, deps, billing, invoiceId),
  };
}

function isDue(subscription: Subscription, now: Temporal.Instant): boolean {
  return (
    (subscription.status === 'active' || subscription.status === 'trialing') &&
    subscription.currentPeriod.end.epochMilliseconds <= now.epochMilliseconds
  );
}
