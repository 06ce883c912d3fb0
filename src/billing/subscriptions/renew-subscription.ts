// Renews one due subscription at its period end. The claiming transaction locks the workspace's billing row
// with FOR UPDATE SKIP LOCKED (so any number of processes share the work), ends a canceled subscription or
// applies the scheduled change, issues the new period's invoice, advances the period and records the pending
// payment attempt; the card is charged after it commits. A period is therefore renewed exactly once, and a
// crash leaves a pending attempt the recovery job settles.
import type { Temporal } from 'temporal-polyfill';
import type { SubscriptionRow } from '../../db/tables.ts';
import { type BillfoldTransaction, inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { seatsInUse } from '../../domain/seats/seat-limit.ts';
import { systemActor } from '../access/actor.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { createDraftInvoice } from '../invoices/create-draft-invoice.ts';
import { finalizeInvoice } from '../invoices/finalize-invoice.ts';
import {
  completePayment,
  type PaymentResult,
  type StartedPayment,
  startPaymentInTransaction,
} from '../payments/pay-invoice.ts';
import { loadSeatUsage } from '../seats/seat-usage.ts';
import { type DueScope, withinScope } from './due-scope.ts';
import { endSubscription } from './end-subscription.ts';
import { nextRenewal } from './next-renewal.ts';
import { settleSubscriptionInvoice } from './settle-subscription-invoice.ts';

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
    const now = toDate(deps.clock.now());
    const due = await withinScope(
      trx
        .selectFrom('subscription')
        .innerJoin('workspace_billing', 'workspace_billing.workspace_id', 'subscription.workspace_id')
        .select(['subscription.id', 'subscription.workspace_id'])
        .where('subscription.status', 'in', ['active', 'trialing'])
        .where('subscription.current_period_end', '<=', now),
      scope,
    )
      .orderBy('subscription.current_period_end')
      .limit(1)
      .forUpdate('workspace_billing')
      .skipLocked()
      .executeTakeFirst();
    if (!due) return null;
    return renewInTransaction(trx, deps, due.workspace_id, due.id);
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
  const billing = await trx
    .selectFrom('workspace_billing')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const subscription = await trx
    .selectFrom('subscription')
    .selectAll()
    .where('id', '=', subscriptionId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const now = deps.clock.now();
  // The claim saw the subscription as of its snapshot: another process may have renewed it just before this
  // one locked the billing row. The locked read above is current, so this check makes renewals once-only.
  if (!isDue(subscription, now)) return 'renewed_meanwhile';
  const usage = await loadSeatUsage(trx, deps.catalog, workspaceId, billing, toDate(deps.wallClock.now()));
  const renewal = nextRenewal(subscription, seatsInUse(usage));
  if (!renewal) {
    await endSubscription(trx, deps, subscription, 'canceled_at_period_end');
    return { subscriptionId, kind: 'ended' };
  }
  const period = { start: toDate(renewal.period.start), end: toDate(renewal.period.end) };
  const invoiceId = await createDraftInvoice(trx, deps.clock, {
    workspaceId,
    currency: renewal.price.currency,
    lines: [renewal.line],
    period,
    subscriptionId,
    billingReason: 'subscription_cycle',
  });
  await trx
    .updateTable('subscription')
    .set({
      price: JSON.stringify(renewal.price),
      seats: renewal.seats,
      anchor: renewal.anchor,
      period_index: renewal.periodIndex,
      current_period_start: period.start,
      current_period_end: period.end,
      scheduled_change: null,
      dunning_invoice_id: invoiceId,
    })
    .where('id', '=', subscriptionId)
    .execute();
  await trx
    .updateTable('workspace_billing')
    .set({
      plan_id: renewal.price.planId,
      max_users: renewal.price.perSeat ? renewal.seats : null,
      updated_at: toDate(now),
    })
    .where('workspace_id', '=', workspaceId)
    .execute();
  await recordEvent(trx, deps.clock, {
    workspaceId,
    type: 'subscription.updated',
    data: {
      id: subscriptionId,
      renewed: true,
      plan: renewal.price.planId,
      tier: renewal.price.tierId,
      interval: renewal.price.interval,
      seats: renewal.seats,
      currentPeriodStart: period.start,
      currentPeriodEnd: period.end,
    },
  });
  if (!billing.default_payment_method_id) {
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

function isDue(subscription: SubscriptionRow, now: Temporal.Instant): boolean {
  return (
    (subscription.status === 'active' || subscription.status === 'trialing') &&
    subscription.current_period_end.getTime() <= now.epochMilliseconds
  );
}
