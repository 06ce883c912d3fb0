// What a subscription invoice's payment outcome does, in the transaction that records it: a paid change
// (subscribe, plan change, added seats) is applied, a declined one is dropped and its invoice voided; a paid
// renewal invoice ends past due, a failed one starts (or, after the last retry, ends) dunning, and one waiting for
// the cardholder's confirmation starts dunning too (decision 008). Each is a lifecycle transition.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { nextRetryAt } from '../../domain/dunning/retry-schedule.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import {
  abandon,
  applyPaidChange,
  end,
  markPastDue,
  type PastDueReason,
  recover,
} from '../../domain/subscriptions/subscription-lifecycle.ts';
import { grantPeriodCredits, grantUpgradeCredits } from '../credits/grant-period-credits.ts';
import type { BillingDeps } from '../deps.ts';
import { releaseDiscount } from '../discounts/release-discount.ts';
import { invoicePeriodOf, writeOffInvoice } from '../invoices/invoice-collection.queries.ts';
import { invoiceViewNow, recordInvoiceEvent } from '../invoices/record-invoice-event.ts';
import { voidUnpaidInvoice } from '../invoices/void-unpaid-invoice.ts';
import {
  lockPendingChangeOf,
  lockSubscription,
  lockSubscriptionCollecting,
  lockSubscriptionsCollecting,
  type PendingChangeRecord,
  settlePendingChange,
} from './subscriptions.queries.ts';
import { writeTransition, writeTransitions } from './write-transition.ts';

type SettleDeps = Pick<BillingDeps, 'clock' | 'dunningRetryDays' | 'catalog' | 'baseUrl'>;

export async function settleSubscriptionInvoice(
  trx: BillfoldTransaction,
  deps: SettleDeps,
  invoiceId: string,
  outcome: 'paid' | 'failed' | 'requires_action',
): Promise<void> {
  const pending = await lockPendingChangeOf(trx, invoiceId);
  if (pending) {
    // A change waiting for the bank's confirmation stays pending: nothing has happened yet (decision 006).
    if (outcome === 'requires_action') return;
    const subscription = await lockSubscription(trx, pending.subscriptionId);
    if (outcome === 'paid') await applyChange(trx, deps, pending, subscription);
    else await dropChange(trx, deps, pending, subscription);
    return;
  }
  const dunned = await lockSubscriptionCollecting(trx, invoiceId);
  if (!dunned || dunned.status === 'canceled') return;
  if (outcome === 'paid') await recoverFromPastDue(trx, deps, dunned, invoiceId);
  else if (outcome === 'failed') await recordRenewalFailure(trx, deps, dunned, invoiceId);
  else if (dunned.status !== 'past_due') await enterPastDue(trx, deps, dunned, invoiceId, 'action_required');
}

async function applyChange(
  trx: BillfoldTransaction,
  deps: SettleDeps,
  pending: PendingChangeRecord,
  subscription: Subscription,
): Promise<void> {
  const now = toDate(deps.clock.now());
  const transition = applyPaidChange(subscription, pending.change);
  await grantCreditsOfChange(trx, now, pending, subscription, transition.subscription);
  await writeTransition(trx, deps, transition, { actor: pending.requestedBy });
  await settlePendingChange(trx, pending.id, 'applied', now);
}

/** Pro credits that come with a paid change: a new subscription's period, or an upgrade's extra credits. */
async function grantCreditsOfChange(
  trx: BillfoldTransaction,
  now: Date,
  pending: PendingChangeRecord,
  before: Subscription,
  after: Subscription,
): Promise<void> {
  const change = pending.change;
  const paid = { workspaceId: before.workspaceId, subscriptionId: before.id, invoiceId: pending.invoiceId };
  const periodOf = (s: Subscription) => ({ start: toDate(s.currentPeriod.start), end: toDate(s.currentPeriod.end) });
  if (change.kind === 'subscribe') {
    await grantPeriodCredits(trx, now, { ...paid, price: before.price, period: periodOf(before) });
  } else if (change.kind === 'change_plan' && change.newAnchor) {
    await grantPeriodCredits(trx, now, { ...paid, price: change.price, period: periodOf(after) });
  } else if (change.kind === 'change_plan') {
    await grantUpgradeCredits(trx, now, {
      ...paid,
      price: change.price,
      previousPrice: before.price,
      period: before.currentPeriod,
    });
  }
}

/** A declined change never happened: its invoice is voided (the number stays, marked void) and the plan stays. */
async function dropChange(
  trx: BillfoldTransaction,
  deps: SettleDeps,
  pending: PendingChangeRecord,
  subscription: Subscription,
): Promise<void> {
  await settlePendingChange(trx, pending.id, 'dropped', toDate(deps.clock.now()));
  await voidUnpaidInvoice(trx, deps, subscription.workspaceId, pending.invoiceId);
  if (pending.change.kind === 'subscribe') {
    await writeTransition(trx, deps, abandon(subscription, deps.clock.now()));
    await releaseDiscount(trx, deps, subscription);
  }
}

/**
 * A batch of renewal invoices paid together (a batch of renewals): each as a paid renewal invoice alone. A renewal
 * invoice pays for no pending change (a change has its own invoice), so only the subscriptions collecting them move.
 */
export async function settlePaidRenewals(
  trx: BillfoldTransaction,
  deps: SettleDeps,
  invoiceIds: readonly string[],
): Promise<void> {
  const collecting = (await lockSubscriptionsCollecting(trx, invoiceIds)).filter((s) => s.status !== 'canceled');
  for (const subscription of collecting) {
    if (subscription.renewalInvoiceId)
      await grantRenewalCredits(trx, deps, subscription, subscription.renewalInvoiceId);
  }
  await writeTransitions(trx, deps, collecting.map(recover));
}

async function recoverFromPastDue(
  trx: BillfoldTransaction,
  deps: SettleDeps,
  subscription: Subscription,
  invoiceId: string,
): Promise<void> {
  await grantRenewalCredits(trx, deps, subscription, invoiceId);
  await writeTransition(trx, deps, recover(subscription));
}

/** The renewal's invoice is paid (at once, or by a retry): its period's credits (Pro's) come with it. */
async function grantRenewalCredits(
  trx: BillfoldTransaction,
  deps: SettleDeps,
  subscription: Subscription,
  invoiceId: string,
): Promise<void> {
  // Most plans grant none: then the invoice's period is not even read.
  if (subscription.price.creditsPerPeriod <= 0) return;
  const period = await invoicePeriodOf(trx, invoiceId);
  if (!period) return;
  await grantPeriodCredits(trx, toDate(deps.clock.now()), {
    workspaceId: subscription.workspaceId,
    subscriptionId: subscription.id,
    invoiceId,
    price: subscription.price,
    period,
  });
}

/** The renewal charge failed: past due with a retry schedule; when the last retry failed, the plan ends. */
async function recordRenewalFailure(
  trx: BillfoldTransaction,
  deps: SettleDeps,
  subscription: Subscription,
  invoiceId: string,
): Promise<void> {
  if (subscription.status !== 'past_due') {
    await enterPastDue(trx, deps, subscription, invoiceId, 'payment_failed');
    return;
  }
  // A failed "Retry now" from the page while retries remain changes nothing: the schedule goes on.
  if (subscription.nextRetryAt !== null) return;
  const before = await invoiceViewNow(trx, deps, invoiceId);
  const writtenOff = await writeOffInvoice(trx, invoiceId);
  if (writtenOff) {
    const workspaceId = subscription.workspaceId;
    await recordInvoiceEvent(trx, deps, { workspaceId, invoiceId, type: 'invoice.marked_uncollectible', before });
  }
  await writeTransition(trx, deps, end(subscription, deps.clock.now(), 'payment_failed'));
}

/**
 * The renewal was not paid: past due with a retry schedule. `action_required` means the bank asks the cardholder to
 * confirm the payment; the event carries the reason so the operator's product can tell the customer what to do.
 */
async function enterPastDue(
  trx: BillfoldTransaction,
  deps: SettleDeps,
  subscription: Subscription,
  invoiceId: string,
  reason: PastDueReason,
): Promise<void> {
  const now = deps.clock.now();
  const firstRetryAt = nextRetryAt(now, 0, deps.dunningRetryDays);
  await writeTransition(trx, deps, markPastDue(subscription, { now, firstRetryAt, reason, invoiceId }));
}
