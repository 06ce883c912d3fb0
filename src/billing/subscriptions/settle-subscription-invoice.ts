// What a subscription invoice's payment outcome does, in the transaction that records it: a paid change
// (subscribe, plan change, added seats) is applied, a declined one is dropped and its invoice voided; a paid
// renewal invoice ends past due, a failed one starts (or, after the last retry, ends) dunning, and one waiting for
// the cardholder's confirmation starts dunning too (decision 008).

import type { Selectable } from 'kysely';
import type { SubscriptionChangeTable, SubscriptionRow } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { nextRetryAt } from '../../domain/dunning/retry-schedule.ts';
import { billingPeriod } from '../../domain/subscriptions/billing-period.ts';
import { samePrice } from '../../domain/subscriptions/subscription-price.ts';
import { grantPeriodCredits, grantUpgradeCredits } from '../credits/grant-period-credits.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { voidUnpaidInvoice } from '../invoices/void-unpaid-invoice.ts';
import { endSubscription } from './end-subscription.ts';
import { currentPeriodOf, instantOf } from './live-subscription.ts';

export async function settleSubscriptionInvoice(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'dunningRetryDays'>,
  invoiceId: string,
  outcome: 'paid' | 'failed' | 'requires_action',
): Promise<void> {
  const change = await trx
    .selectFrom('subscription_change')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
  if (change) {
    // A change waiting for the bank's confirmation stays pending: nothing has happened yet (decision 006).
    if (outcome === 'requires_action') return;
    const subscription = await lockSubscription(trx, change.subscription_id);
    if (outcome === 'paid') await applyChange(trx, deps, change, subscription);
    else await dropChange(trx, deps, change, subscription);
    return;
  }
  const dunned = await trx
    .selectFrom('subscription')
    .selectAll()
    .where('dunning_invoice_id', '=', invoiceId)
    .forUpdate()
    .executeTakeFirst();
  if (!dunned || dunned.status === 'canceled') return;
  if (outcome === 'paid') await recoverFromPastDue(trx, deps, dunned, invoiceId);
  else if (outcome === 'failed') await recordRenewalFailure(trx, deps, dunned, invoiceId);
  else if (dunned.status !== 'past_due') await enterPastDue(trx, deps, dunned, invoiceId, 'action_required');
}

async function applyChange(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock'>,
  change: Selectable<SubscriptionChangeTable>,
  subscription: SubscriptionRow,
): Promise<void> {
  const now = toDate(deps.clock.now());
  const pending = change.change;
  let seats = subscription.seats;
  if (pending.kind === 'subscribe') {
    await trx.updateTable('subscription').set({ status: 'active' }).where('id', '=', subscription.id).execute();
  } else if (pending.kind === 'change_plan') {
    seats = pending.seats;
    const anchor = pending.newAnchor ? instantOf(new Date(pending.newAnchor)) : null;
    const period = anchor ? billingPeriod(anchor, pending.price.interval, 0) : null;
    await trx
      .updateTable('subscription')
      .set({
        price: JSON.stringify(pending.price),
        seats,
        scheduled_change: null,
        cancel_at_period_end: false,
        ends_with_plan_id: null,
        ...(anchor && period
          ? {
              anchor: toDate(anchor),
              period_index: 0,
              current_period_start: toDate(period.start),
              current_period_end: toDate(period.end),
            }
          : {}),
      })
      .where('id', '=', subscription.id)
      .execute();
  } else {
    seats = (subscription.seats ?? 0) + pending.seats;
    // Buying seats supersedes a scheduled decrease of the same plan.
    const keepsSchedule =
      subscription.scheduled_change && !samePrice(subscription.scheduled_change.price, subscription.price);
    await trx
      .updateTable('subscription')
      .set({ seats, ...(keepsSchedule ? {} : { scheduled_change: null }) })
      .where('id', '=', subscription.id)
      .execute();
  }
  const price = pending.kind === 'change_plan' ? pending.price : subscription.price;
  await grantCreditsOfChange(trx, now, change, subscription);
  await trx
    .updateTable('workspace_billing')
    .set({ plan_id: price.planId, max_users: price.perSeat ? seats : null, updated_at: now })
    .where('workspace_id', '=', subscription.workspace_id)
    .execute();
  await trx
    .updateTable('subscription_change')
    .set({ status: 'applied', settled_at: now })
    .where('id', '=', change.id)
    .execute();
  const eventData = { id: subscription.id, plan: price.planId, tier: price.tierId, interval: price.interval, seats };
  await recordEvent(trx, deps.clock, {
    workspaceId: subscription.workspace_id,
    type:
      pending.kind === 'subscribe'
        ? 'subscription.created'
        : pending.kind === 'add_seats'
          ? 'seats.updated'
          : 'subscription.updated',
    data: eventData,
  });
}

/** Pro credits that come with a paid change: a new subscription's period, or an upgrade's extra credits. */
async function grantCreditsOfChange(
  trx: BillfoldTransaction,
  now: Date,
  change: Selectable<SubscriptionChangeTable>,
  subscription: SubscriptionRow,
): Promise<void> {
  const pending = change.change;
  const paid = {
    workspaceId: subscription.workspace_id,
    subscriptionId: subscription.id,
    invoiceId: change.invoice_id,
  };
  if (pending.kind === 'subscribe') {
    const period = { start: subscription.current_period_start, end: subscription.current_period_end };
    await grantPeriodCredits(trx, now, { ...paid, price: subscription.price, period });
  } else if (pending.kind === 'change_plan' && pending.newAnchor) {
    const period = billingPeriod(instantOf(new Date(pending.newAnchor)), pending.price.interval, 0);
    await grantPeriodCredits(trx, now, {
      ...paid,
      price: pending.price,
      period: { start: toDate(period.start), end: toDate(period.end) },
    });
  } else if (pending.kind === 'change_plan') {
    await grantUpgradeCredits(trx, now, {
      ...paid,
      price: pending.price,
      previousPrice: subscription.price,
      period: currentPeriodOf(subscription),
    });
  }
}

/** A declined change never happened: its invoice is voided (the number stays, marked void) and the plan stays. */
async function dropChange(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock'>,
  change: Selectable<SubscriptionChangeTable>,
  subscription: SubscriptionRow,
): Promise<void> {
  const now = toDate(deps.clock.now());
  await trx
    .updateTable('subscription_change')
    .set({ status: 'dropped', settled_at: now })
    .where('id', '=', change.id)
    .execute();
  await voidUnpaidInvoice(trx, deps.clock, subscription.workspace_id, change.invoice_id);
  if (change.kind === 'subscribe') {
    await trx
      .updateTable('subscription')
      .set({ status: 'canceled', canceled_at: now })
      .where('id', '=', subscription.id)
      .execute();
  }
}

async function recoverFromPastDue(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock'>,
  subscription: SubscriptionRow,
  invoiceId: string,
): Promise<void> {
  // The renewal's invoice is paid (at once, or by a retry): its period's credits come with it.
  const invoice = await trx
    .selectFrom('invoice')
    .select(['period_start', 'period_end'])
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  if (invoice.period_start && invoice.period_end) {
    await grantPeriodCredits(trx, toDate(deps.clock.now()), {
      workspaceId: subscription.workspace_id,
      subscriptionId: subscription.id,
      invoiceId,
      price: subscription.price,
      period: { start: invoice.period_start, end: invoice.period_end },
    });
  }
  await trx
    .updateTable('subscription')
    .set({
      status: subscription.status === 'past_due' ? 'active' : subscription.status,
      past_due_since: null,
      retries_done: 0,
      next_retry_at: null,
      dunning_invoice_id: null,
    })
    .where('id', '=', subscription.id)
    .execute();
  if (subscription.status === 'past_due') {
    await recordEvent(trx, deps.clock, {
      workspaceId: subscription.workspace_id,
      type: 'subscription.updated',
      data: { id: subscription.id, status: 'active', previousStatus: 'past_due' },
    });
  }
}

/** The renewal charge failed: past due with a retry schedule; when the last retry failed, the plan ends. */
async function recordRenewalFailure(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'dunningRetryDays'>,
  subscription: SubscriptionRow,
  invoiceId: string,
): Promise<void> {
  if (subscription.status !== 'past_due') {
    await enterPastDue(trx, deps, subscription, invoiceId, 'payment_failed');
    return;
  }
  // A failed "Retry now" from the page while retries remain changes nothing: the schedule goes on.
  if (subscription.next_retry_at !== null) return;
  const uncollectible = await trx
    .updateTable('invoice')
    .set({ status: 'uncollectible' })
    .where('id', '=', invoiceId)
    .where('status', '=', 'open')
    .returning(['id', 'number'])
    .executeTakeFirst();
  if (uncollectible) {
    await recordEvent(trx, deps.clock, {
      workspaceId: subscription.workspace_id,
      type: 'invoice.marked_uncollectible',
      data: { invoiceId, number: uncollectible.number },
    });
  }
  await endSubscription(trx, deps, subscription, 'payment_failed');
}

/**
 * The renewal was not paid: past due with a retry schedule. `action_required` means the bank asks the cardholder to
 * confirm the payment; the event carries the reason so the operator's product can tell the customer what to do.
 */
async function enterPastDue(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'dunningRetryDays'>,
  subscription: SubscriptionRow,
  invoiceId: string,
  reason: 'payment_failed' | 'action_required',
): Promise<void> {
  const now = deps.clock.now();
  const retryAt = nextRetryAt(now, 0, deps.dunningRetryDays);
  await trx
    .updateTable('subscription')
    .set({
      status: 'past_due',
      past_due_since: toDate(now),
      retries_done: 0,
      next_retry_at: retryAt && toDate(retryAt),
    })
    .where('id', '=', subscription.id)
    .execute();
  await recordEvent(trx, deps.clock, {
    workspaceId: subscription.workspace_id,
    type: 'subscription.updated',
    data: { id: subscription.id, status: 'past_due', reason, invoiceId, nextRetryAt: retryAt?.toString() ?? null },
  });
}

async function lockSubscription(trx: BillfoldTransaction, id: string): Promise<SubscriptionRow> {
  return trx.selectFrom('subscription').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}
