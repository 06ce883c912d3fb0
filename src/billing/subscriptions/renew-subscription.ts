// Renews due subscriptions at their period end, in batches. One transaction claims up to a batch of them (FOR UPDATE
// SKIP LOCKED on each subscription and its workspace's billing row, so any number of processes share the work, each
// batch its own rows), ends those set to end, renews the others with their scheduled change applied, and issues the
// new periods' invoices — numbered consecutively from the gap-less counter — with their pending payment attempts,
// events and audit entries, in a fixed number of statements whatever the batch's size. The cards are charged after
// it commits and the outcomes recorded in batches (payments/collect-payments.ts). A period is therefore renewed
// exactly once, and a run killed at any point leaves pending attempts that the recovery job settles with the same
// idempotency key: a renewal run resumes where it stopped and charges nothing twice.
import type { Temporal } from 'temporal-polyfill';
import { type BillfoldTransaction, inTransaction } from '../../db/transaction.ts';
import { systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { renewalLines } from '../../domain/discounts/discounted-lines.ts';
import { seatsInUse } from '../../domain/seats/seat-limit.ts';
import { nextRenewal, type Renewal } from '../../domain/subscriptions/next-renewal.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import { end, renew } from '../../domain/subscriptions/subscription-lifecycle.ts';
import type { DueScope } from '../../domain/test-clocks/due-scope.ts';
import type { BillingDeps } from '../deps.ts';
import { discountsOf } from '../discounts/discounts.queries.ts';
import { createDraftInvoices } from '../invoices/create-draft-invoice.ts';
import { finalizeInvoices } from '../invoices/finalize-invoice.ts';
import { gatewayUnavailable } from '../payments/charge-outcome.ts';
import { type CollectedPayment, collectPayments } from '../payments/collect-payments.ts';
import { startPaymentInTransaction, startPaymentsInTransaction } from '../payments/pay-invoice.ts';
import type { PaymentResult, StartedPayment } from '../payments/started-payment.ts';
import { loadSeatUsages } from '../seats/seat-usage.ts';
import { settlePaidRenewals, settleSubscriptionInvoice } from './settle-subscription-invoice.ts';
import { type ClaimedRenewal, claimDueRenewals } from './subscriptions.queries.ts';
import { writeTransitions } from './write-transition.ts';

/** Renewals claimed per transaction. */
export const renewalBatchSize = 100;
/**
 * Card charges of one batch in flight at once (the gateway's own rate limit applies on top): enough to keep a real
 * processor answering in ~300 ms at 25 charges/s busy, and few enough that the sandbox, which answers from the
 * database, leaves the pool's other connections to the rest of the server.
 */
const chargeConcurrency = 10;

export type RenewalOutcome<Payment = PaymentResult> =
  | { subscriptionId: string; kind: 'ended' }
  | { subscriptionId: string; kind: 'renewed'; invoiceId: string; payment: Payment | { status: 'no_payment_method' } };

/** What one batch did: how many due subscriptions it claimed, and each one's outcome. */
export interface RenewalBatch {
  claimed: number;
  outcomes: RenewalOutcome<CollectedPayment>[];
}

/** Renews up to `batchSize` of the most overdue subscriptions in scope; `claimed` is 0 when none was due. */
export async function renewDueSubscriptions(
  deps: BillingDeps,
  scope: DueScope,
  batchSize = renewalBatchSize,
): Promise<RenewalBatch> {
  return collectRenewalPayments(deps, await issueDueRenewals(deps, scope, batchSize));
}

/**
 * The first half of a batch, committed: claimed, renewed or ended, invoiced, and attempts recorded. A runner may claim
 * the next batch while this one's cards are charged (collectRenewalPayments).
 */
export function issueDueRenewals(
  deps: BillingDeps,
  scope: DueScope,
  batchSize = renewalBatchSize,
): Promise<IssuedRenewals> {
  return inTransaction(deps.db, (trx) => issueRenewals(trx, deps, scope, batchSize));
}

/** The second half: the batch's cards charged outside any transaction, the outcomes recorded in batches. */
export async function collectRenewalPayments(deps: BillingDeps, issued: IssuedRenewals): Promise<RenewalBatch> {
  const collected = await collectPayments(
    deps,
    issued.charges.map((c) => c.payment),
    { concurrency: chargeConcurrency, settlePaid: settlePaidRenewals, actor: systemActor },
  );
  const charged = issued.charges.map(
    (c, i): RenewalOutcome<CollectedPayment> => ({
      subscriptionId: c.subscriptionId,
      kind: 'renewed',
      invoiceId: c.invoiceId,
      payment: collected[i] ?? { status: 'unanswered', reason: 'not sent' },
    }),
  );
  return { claimed: issued.claimed, outcomes: [...issued.outcomes, ...charged] };
}

/**
 * Renews the most overdue subscription in scope (a test clock's advance goes one step at a time); null when none is
 * due. A card processor that does not answer is 503 gateway_unavailable: the attempt stays pending for the recovery job.
 */
export async function renewNextDueSubscription(deps: BillingDeps, scope: DueScope): Promise<RenewalOutcome | null> {
  const { outcomes } = await renewDueSubscriptions(deps, scope, 1);
  const [outcome] = outcomes;
  if (!outcome || outcome.kind === 'ended') return outcome ?? null;
  const { payment } = outcome;
  if (payment.status === 'unanswered') throw gatewayUnavailable({ status: 'retryable', reason: payment.reason });
  return { ...outcome, payment };
}

export interface IssuedRenewals {
  claimed: number;
  /** Renewals finished in the claiming transaction: ended, or issued with no card to charge. */
  outcomes: RenewalOutcome<CollectedPayment>[];
  /** Renewals whose invoice is to be charged after the commit. */
  charges: { subscriptionId: string; invoiceId: string; payment: StartedPayment }[];
}

async function issueRenewals(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  scope: DueScope,
  batchSize: number,
): Promise<IssuedRenewals> {
  // `deps` keeps the clock it was given (a test clock's advance hands each step's own moment).
  const now = deps.clock.now();
  const claims = await claimDueRenewals(trx, toDate(now), scope, batchSize);
  // The claim read each row under its lock; a renewal another process finished meanwhile is no longer due.
  const due = claims.filter((claim) => isDue(claim.subscription, now));
  const usage = await loadSeatUsages(
    trx,
    deps.catalog,
    due.map((claim) => claim.billing),
    toDate(deps.wallClock.now()),
  );
  const ending: ClaimedRenewal[] = [];
  const renewing: (ClaimedRenewal & { renewal: Renewal })[] = [];
  for (const claim of due) {
    const seats = usage.get(claim.billing.workspaceId);
    const renewal = seats ? nextRenewal(claim.subscription, seatsInUse(seats)) : null;
    if (renewal) renewing.push({ ...claim, renewal });
    else ending.push(claim);
  }
  // Discounts go on the periods they still cover (docs/decisions/021).
  const discounts = await discountsOf(
    trx,
    renewing.map((claim) => claim.subscription.id),
  );
  const invoiceIds = await createDraftInvoices(
    trx,
    deps.clock,
    renewing.map(({ subscription, renewal }) => ({
      workspaceId: subscription.workspaceId,
      currency: renewal.price.currency,
      lines: renewalLines(renewal, discounts.get(subscription.id) ?? null),
      period: { start: toDate(renewal.period.start), end: toDate(renewal.period.end) },
      subscriptionId: subscription.id,
      billingReason: 'subscription_cycle' as const,
    })),
  );
  const renewed = renewing.map((claim, i) => ({ ...claim, invoiceId: invoiceIds[i] as string }));
  await writeTransitions(trx, deps, [
    ...ending.map((claim) => end(claim.subscription, now, 'canceled_at_period_end')),
    ...renewed.map((claim) => renew(claim.subscription, claim.renewal, claim.invoiceId)),
  ]);
  const finalized = await finalizeInvoices(trx, deps, invoiceIds);
  const outcomes: RenewalOutcome<CollectedPayment>[] = ending.map((claim) => ({
    subscriptionId: claim.subscription.id,
    kind: 'ended',
  }));
  const totals = new Map(invoiceIds.map((id, i) => [id, finalized[i]]));
  const toCharge: typeof renewed = [];
  const covered: { subscriptionId: string; invoiceId: string; payment: StartedPayment }[] = [];
  for (const claim of renewed) {
    if (claim.billing.defaultPaymentMethodId) {
      toCharge.push(claim);
      continue;
    }
    if ((totals.get(claim.invoiceId)?.amountDue ?? 1) <= 0) {
      // The customer balance covers it: collected as any invoice with nothing to charge, no card needed.
      const payment = await startPaymentInTransaction(trx, deps, claim.billing, claim.invoiceId);
      covered.push({ subscriptionId: claim.subscription.id, invoiceId: claim.invoiceId, payment });
      continue;
    }
    // Nothing to charge: the renewal invoice is issued and the subscription goes past due at once.
    await settleSubscriptionInvoice(trx, deps, claim.invoiceId, 'failed');
    const payment = { status: 'no_payment_method' as const };
    outcomes.push({ subscriptionId: claim.subscription.id, kind: 'renewed', invoiceId: claim.invoiceId, payment });
  }
  const started = await startPaymentsInTransaction(
    trx,
    deps,
    toCharge.map((claim) => {
      const invoice = totals.get(claim.invoiceId);
      if (!invoice) throw new Error(`Invoice ${claim.invoiceId} was not finalized`);
      return {
        invoiceId: claim.invoiceId,
        workspaceId: claim.subscription.workspaceId,
        paymentMethodId: claim.billing.defaultPaymentMethodId as string,
        number: invoice.number,
        // The total less what the customer balance paid of it.
        total: invoice.amountDue,
        currency: claim.renewal.price.currency.toLowerCase(),
      };
    }),
  );
  const charges = [
    ...covered,
    ...toCharge.map((claim, i) => ({
      subscriptionId: claim.subscription.id,
      invoiceId: claim.invoiceId,
      payment: started[i] as StartedPayment,
    })),
  ];
  return { claimed: claims.length, outcomes, charges };
}

function isDue(subscription: Subscription, now: Temporal.Instant): boolean {
  return (
    (subscription.status === 'active' || subscription.status === 'trialing') &&
    subscription.currentPeriod.end.epochMilliseconds <= now.epochMilliseconds
  );
}
