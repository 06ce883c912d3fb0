// Carries out a priced change in one transaction on the locked workspace: a change for the period end (a
// downgrade, a seat decrease, a switch to Flex, a cancel) is a transition written at once; a change charged now
// gets its invoice, a pending change row and a pending payment attempt, and is applied only when the charge
// succeeds (docs/decisions/006). The card is charged after the transaction commits, through payments.
import { type BillfoldTransaction, inTransaction, isUniqueViolation } from '../../db/transaction.ts';
import { type AuditActor, auditActorOf } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { discountedQuote } from '../../domain/discounts/discounted-lines.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { type InvoiceLine, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import type { BillingPeriod } from '../../domain/subscriptions/billing-period.ts';
import type { ChangeQuote, PlanTarget } from '../../domain/subscriptions/quote-change.ts';
import { quoteChange } from '../../domain/subscriptions/quote-change.ts';
import type { PendingChange, Subscription } from '../../domain/subscriptions/subscription.ts';
import { subscribe } from '../../domain/subscriptions/subscription-lifecycle.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { discountOf } from '../discounts/discounts.queries.ts';
import { promotionCodeDiscount } from '../discounts/promotion-code-discount.ts';
import { startDiscount } from '../discounts/start-discount.ts';
import { createDraftInvoice } from '../invoices/create-draft-invoice.ts';
import { findInvoiceOfRequest } from '../invoices/invoice-of-request.queries.ts';
import { completePayment, startPaymentInTransaction } from '../payments/pay-invoice.ts';
import { resumePayment } from '../payments/resume-payment.ts';
import type { StartedPayment } from '../payments/started-payment.ts';
import { type ChangeContext, lockChangeContext } from './change-context.ts';
import { periodEndTransitionOf } from './period-end-transition.ts';
import {
  insertPendingChange,
  liveSubscription,
  pendingPlanChangeInvoice,
  setWorkspacePlan,
} from './subscriptions.queries.ts';
import { isTrialQuote, type TrialQuote, trialTransitionOf } from './trial-transition.ts';
import { writeTransition } from './write-transition.ts';

export interface ChangeOutcome {
  /** The invoice the change issued (charged now), or null for a scheduled change. */
  invoiceId: string | null;
}

/**
 * `requestRef` names the keyed request (null without an Idempotency-Key): a retry of a request whose change was
 * invoiced and never answered finishes paying that invoice — charged once — instead of pricing the change again.
 * `promotionCode` starts a discount with a new subscription; a subscription's discount is on every change's lines.
 */
export async function carryOutChange(
  deps: BillingDeps,
  access: WorkspaceAccess,
  targetFor: (context: ChangeContext) => PlanTarget,
  requestRef: string | null = null,
  promotionCode: string | null = null,
): Promise<ChangeOutcome> {
  const actor = auditActorOf(access.actor);
  let started: { invoiceId: string; payment: StartedPayment } | null;
  try {
    started = await inTransaction(deps.db, async (trx) => {
      const context = await lockChangeContext(trx, deps, access.workspace.id);
      const earlier = requestRef ? await findInvoiceOfRequest(trx, access.workspace.id, requestRef) : undefined;
      if (earlier) return { invoiceId: earlier.id, payment: await resumePayment(trx, earlier) };
      await assertNoUnpaidPlanChange(trx, context.subscription);
      const quote = quoteChange(context.current, targetFor(context), context.workspace.now);
      const redemption = promotionCode
        ? await promotionCodeDiscount(trx, access.workspace.id, promotionCode, quote)
        : null;
      const discount =
        redemption?.discount ?? (context.subscription && (await discountOf(trx, context.subscription.id)));
      const written = await writeChange(
        trx,
        context,
        discountedQuote(quote, context.subscription, discount),
        actor,
        requestRef,
      );
      const created = redemption && (await liveSubscription(trx, access.workspace.id));
      if (redemption && created) await startDiscount(trx, deps, redemption, created, actor);
      return written;
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
  actor: AuditActor,
  requestRef: string | null,
): Promise<{ invoiceId: string; payment: StartedPayment } | null> {
  const { deps, subscription, workspace } = context;
  const workspaceId = workspace.billing.workspaceId;
  const now = workspace.now;
  if (quote.effect === 'unchanged' || quote.effect === 'period_end') {
    const transition = periodEndTransitionOf(subscription, quote);
    if (transition) await writeTransition(trx, deps, transition, { actor });
    return null;
  }
  if (isTrialQuote(quote)) {
    const hasCard = workspace.billing.defaultPaymentMethodId !== null;
    const transition = trialTransitionOf(subscription, quote, { id: newId('sub'), workspaceId, now, hasCard });
    await writeTransition(trx, deps, transition, { actor, isNew: quote.kind === 'start_trial' });
    return null;
  }
  await recordAudit(trx, deps.clock, {
    workspaceId,
    actor,
    action: 'subscription.change_requested',
    targetId: subscription?.id ?? null,
    before: { planId: workspace.billing.planId },
    after: describeQuote(quote),
  });
  if (quote.kind === 'switch_plan') {
    await setWorkspacePlan(trx, workspaceId, { planId: quote.planId, maxUsers: null }, toDate(now));
    return null;
  }
  assertCanBeChargedNow(subscription);

  let charged: Subscription;
  let change: PendingChange;
  if (quote.kind === 'subscribe') {
    const created = subscribe({
      id: newId('sub'),
      workspaceId,
      price: quote.price,
      seats: quote.seats,
      period: quote.period,
      now,
    });
    await writeTransition(trx, deps, created, { isNew: true });
    charged = created.subscription;
    change = { kind: 'subscribe' };
  } else {
    if (!subscription) throw new Error('a change of plan or seats needs a subscription');
    charged = subscription;
    change =
      quote.kind === 'add_seats'
        ? { kind: 'add_seats', seats: quote.addedSeats }
        : {
            kind: 'change_plan',
            price: quote.price,
            seats: quote.seats,
            newAnchor: quote.newAnchor?.toString() ?? null,
          };
  }
  const invoiceId = await createDraftInvoice(trx, deps.clock, {
    workspaceId,
    currency: quote.kind === 'add_seats' ? charged.price.currency : quote.price.currency,
    lines: quote.lines,
    period: invoicePeriod(quote.lines, charged.currentPeriod),
    subscriptionId: charged.id,
    billingReason:
      quote.kind === 'subscribe' ? 'subscription_create' : quote.kind === 'add_seats' ? 'seats' : 'subscription_update',
    requestRef,
  });
  await insertPendingChange(trx, {
    id: newId('chg'),
    workspaceId,
    subscriptionId: charged.id,
    invoiceId,
    change,
    createdAt: toDate(now),
    requestedBy: actor,
  });
  return { invoiceId, payment: await startPaymentInTransaction(trx, deps, workspace.billing, invoiceId) };
}

/** A plan change waiting for the bank's confirmation must be settled before another one is priced. */
async function assertNoUnpaidPlanChange(trx: BillfoldTransaction, subscription: Subscription | null) {
  if (!subscription) return;
  const pending = await pendingPlanChangeInvoice(trx, subscription.id);
  if (!pending) return;
  throw new BillingError(
    'subscription_conflict',
    `The payment for an earlier plan change (invoice ${pending.number ?? pending.invoiceId}) is not settled yet. ` +
      'Confirm it with Pay now in the invoice list, then change the plan again.',
  );
}

function assertCanBeChargedNow(subscription: Subscription | null): void {
  if (subscription?.status === 'past_due') {
    throw new BillingError(
      'subscription_conflict',
      'The subscription is past due: pay the open invoice (Retry now) before upgrading or adding seats.',
    );
  }
}

/** The invoice's period: the lines' own span (a new yearly period, say) or the current period. */
function invoicePeriod(lines: readonly InvoiceLine[], period: BillingPeriod) {
  const starts = lines.map((l) => l.periodStart?.getTime()).filter((t): t is number => t !== undefined);
  const ends = lines.map((l) => l.periodEnd?.getTime()).filter((t): t is number => t !== undefined);
  if (starts.length === 0) return { start: toDate(period.start), end: toDate(period.end) };
  return { start: new Date(Math.min(...starts)), end: new Date(Math.max(...ends)) };
}

/** The audit entry's "after": what was asked and priced, with the subtotal instead of every line. */
function describeQuote(
  quote: Exclude<ChangeQuote, { effect: 'unchanged' } | { effect: 'period_end' } | TrialQuote>,
): unknown {
  if (!('lines' in quote)) return quote;
  const { lines, ...rest } = quote;
  return { ...rest, subtotal: invoiceTotals(lines, null).subtotal };
}
