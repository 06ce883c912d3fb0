// Carries out a priced change in one transaction on the locked billing row: a scheduled change or a
// cancellation is written at once; a change charged now gets its invoice, a pending change row and a pending
// payment attempt, and is applied only when the charge succeeds (docs/decisions/006). The card is charged
// after the transaction commits, through the payments flow.
import type { Temporal } from 'temporal-polyfill';
import type { SubscriptionRow } from '../../db/tables.ts';
import { type BillfoldTransaction, inTransaction, isUniqueViolation } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { type InvoiceLine, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { auditActorOf } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { createDraftInvoice } from '../invoices/create-draft-invoice.ts';
import { findInvoiceOfRequest } from '../invoices/invoice-of-request.queries.ts';
import { completePayment, type StartedPayment, startPaymentInTransaction } from '../payments/pay-invoice.ts';
import { resumePayment } from '../payments/resume-payment.ts';
import { type ChangeContext, lockChangeContext } from './change-context.ts';
import { currentPeriodOf, pendingPlanChange } from './live-subscription.ts';
import { type ChangeQuote, type PlanTarget, quoteChange } from './quote-change.ts';

export interface ChangeOutcome {
  /** The invoice the change issued (charged now), or null for a scheduled change. */
  invoiceId: string | null;
}

/**
 * `requestRef` names the keyed request (null without an Idempotency-Key): a retry of a request whose change was
 * invoiced and never answered finishes paying that invoice — charged once — instead of pricing the change again.
 */
export async function carryOutChange(
  deps: BillingDeps,
  access: WorkspaceAccess,
  targetFor: (context: ChangeContext) => PlanTarget,
  requestRef: string | null = null,
): Promise<ChangeOutcome> {
  const actor = auditActorOf(access.actor);
  let started: { invoiceId: string; payment: StartedPayment } | null;
  try {
    started = await inTransaction(deps.db, async (trx) => {
      const context = await lockChangeContext(trx, deps, access.workspace.id);
      const earlier = requestRef ? await findInvoiceOfRequest(trx, access.workspace.id, requestRef) : undefined;
      if (earlier) return { invoiceId: earlier.id, payment: await resumePayment(trx, earlier) };
      await assertNoUnpaidPlanChange(trx, context.subscription);
      const quote = quoteChange(context.current, targetFor(context), context.deps.clock.now());
      await recordAudit(trx, context.deps.clock, {
        workspaceId: access.workspace.id,
        actor,
        action: 'subscription.change_requested',
        targetId: context.subscription?.id ?? null,
        after: describeQuote(quote),
      });
      return writeChange(trx, context, quote, requestRef);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new BillingError(
        'payment_in_progress',
        'Another change of this plan is being paid for. Reload in a moment.',
      );
    }
    throw error;
  }
  if (!started) return { invoiceId: null };
  const result = await completePayment(deps, started.payment, actor);
  if (result.status === 'failed') {
    throw new BillingError('payment_failed', `${result.message} Nothing was changed.`);
  }
  return { invoiceId: started.invoiceId };
}

async function writeChange(
  trx: BillfoldTransaction,
  context: ChangeContext,
  quote: ChangeQuote,
  requestRef: string | null,
): Promise<{ invoiceId: string; payment: StartedPayment } | null> {
  const { deps, subscription, billing } = context;
  const workspaceId = billing.workspace_id;
  const now = toDate(deps.clock.now());
  if (quote.effect === 'unchanged') {
    // Choosing the current plan again drops a scheduled downgrade or cancellation.
    if (subscription && (subscription.scheduled_change || subscription.cancel_at_period_end)) {
      await updateSubscription(trx, deps, subscription, {
        scheduled_change: null,
        cancel_at_period_end: false,
        ends_with_plan_id: null,
      });
    }
    return null;
  }
  if (quote.kind === 'switch_plan') {
    await trx
      .updateTable('workspace_billing')
      .set({ plan_id: quote.planId, max_users: null, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .execute();
    return null;
  }
  if (quote.kind === 'schedule' || quote.kind === 'cancel') {
    if (!subscription) throw new Error('a scheduled change needs a subscription');
    await updateSubscription(
      trx,
      deps,
      subscription,
      quote.kind === 'schedule'
        ? {
            scheduled_change: JSON.stringify({ price: quote.price, seats: quote.seats }),
            cancel_at_period_end: false,
            ends_with_plan_id: null,
          }
        : { scheduled_change: null, cancel_at_period_end: true, ends_with_plan_id: quote.endsWithPlanId },
    );
    return null;
  }
  assertCanBeChargedNow(subscription);

  let subscriptionId: string;
  let period: { start: Temporal.Instant; end: Temporal.Instant };
  if (quote.kind === 'subscribe') {
    subscriptionId = newId('sub');
    period = quote.period;
    await trx
      .insertInto('subscription')
      .values({
        id: subscriptionId,
        workspace_id: workspaceId,
        status: 'incomplete',
        price: JSON.stringify(quote.price),
        seats: quote.seats,
        anchor: toDate(quote.period.start),
        period_index: 0,
        current_period_start: toDate(quote.period.start),
        current_period_end: toDate(quote.period.end),
        ends_with_plan_id: null,
        scheduled_change: null,
        past_due_since: null,
        next_retry_at: null,
        dunning_invoice_id: null,
        created_at: now,
        canceled_at: null,
      })
      .execute();
  } else {
    if (!subscription) throw new Error('a change of plan or seats needs a subscription');
    subscriptionId = subscription.id;
    period = currentPeriodOf(subscription);
  }
  const invoiceId = await createDraftInvoice(trx, deps.clock, {
    workspaceId,
    currency: quote.kind === 'add_seats' ? (subscription?.price.currency ?? 'usd') : quote.price.currency,
    lines: quote.lines,
    period: invoicePeriod(quote.lines, period),
    subscriptionId,
    billingReason:
      quote.kind === 'subscribe' ? 'subscription_create' : quote.kind === 'add_seats' ? 'seats' : 'subscription_update',
    requestRef,
  });
  await trx
    .insertInto('subscription_change')
    .values({
      id: newId('chg'),
      workspace_id: workspaceId,
      subscription_id: subscriptionId,
      invoice_id: invoiceId,
      kind: quote.kind,
      change: JSON.stringify(
        quote.kind === 'subscribe'
          ? { kind: 'subscribe' }
          : quote.kind === 'add_seats'
            ? { kind: 'add_seats', seats: quote.addedSeats }
            : {
                kind: 'change_plan',
                price: quote.price,
                seats: quote.seats,
                newAnchor: quote.newAnchor?.toString() ?? null,
              },
      ),
      status: 'pending',
      created_at: now,
      settled_at: null,
    })
    .execute();
  return { invoiceId, payment: await startPaymentInTransaction(trx, deps, billing, invoiceId) };
}

/** A plan change waiting for the bank's confirmation must be settled before another one is priced. */
async function assertNoUnpaidPlanChange(trx: BillfoldTransaction, subscription: SubscriptionRow | undefined) {
  if (!subscription) return;
  const pending = await pendingPlanChange(trx, subscription.id);
  if (!pending) return;
  const invoice = await trx
    .selectFrom('invoice')
    .select('number')
    .where('id', '=', pending.invoice_id)
    .executeTakeFirst();
  throw new BillingError(
    'subscription_conflict',
    `The payment for an earlier plan change (invoice ${invoice?.number ?? pending.invoice_id}) is not settled yet. ` +
      'Confirm it with Pay now in the invoice list, then change the plan again.',
  );
}

function assertCanBeChargedNow(subscription: SubscriptionRow | undefined): void {
  if (subscription?.status === 'past_due') {
    throw new BillingError(
      'subscription_conflict',
      'The subscription is past due: pay the open invoice (Retry now) before upgrading or adding seats.',
    );
  }
}

async function updateSubscription(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock'>,
  subscription: SubscriptionRow,
  changes: {
    scheduled_change: string | null;
    cancel_at_period_end: boolean;
    ends_with_plan_id: string | null;
  },
): Promise<void> {
  await trx.updateTable('subscription').set(changes).where('id', '=', subscription.id).execute();
  await recordEvent(trx, deps.clock, {
    workspaceId: subscription.workspace_id,
    type: 'subscription.updated',
    data: {
      id: subscription.id,
      cancelAtPeriodEnd: changes.cancel_at_period_end,
      scheduledChange: changes.scheduled_change ? JSON.parse(changes.scheduled_change) : null,
      endsWithPlan: changes.ends_with_plan_id,
    },
  });
}

/** The invoice's period: the lines' own span (a new yearly period, say) or the current period. */
function invoicePeriod(lines: readonly InvoiceLine[], period: { start: Temporal.Instant; end: Temporal.Instant }) {
  const starts = lines.map((l) => l.periodStart?.getTime()).filter((t): t is number => t !== undefined);
  const ends = lines.map((l) => l.periodEnd?.getTime()).filter((t): t is number => t !== undefined);
  if (starts.length === 0) return { start: toDate(period.start), end: toDate(period.end) };
  return { start: new Date(Math.min(...starts)), end: new Date(Math.max(...ends)) };
}

/** The audit entry's "after": what was asked and priced, with the subtotal instead of every line. */
function describeQuote(quote: ChangeQuote): unknown {
  if (!('lines' in quote)) return quote;
  const { lines, ...rest } = quote;
  return { ...rest, subtotal: invoiceTotals(lines, null).subtotal };
}
