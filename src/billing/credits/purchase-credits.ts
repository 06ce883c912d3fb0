// Buys credits with the default card: one transaction on the locked billing row issues the purchase's invoice,
// records the purchase as pending and the pending payment attempt; the card is charged after commit. The
// credits are granted only when the charge succeeds (settle-credit-purchase.ts), so a declined card adds none.
import { type BillfoldTransaction, inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { type CreditChoice, type PricedCredits, priceCredits } from '../../domain/credits/credit-offer.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { createDraftInvoice } from '../invoices/create-draft-invoice.ts';
import { findInvoiceOfRequest } from '../invoices/invoice-of-request.queries.ts';
import { completePayment, startPaymentInTransaction, withPaymentInProgressError } from '../payments/pay-invoice.ts';
import { resumePayment } from '../payments/resume-payment.ts';
import type { PaymentResult } from '../payments/started-payment.ts';
import { findPlan } from '../plans/catalog.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import type { WorkspaceBilling } from '../workspaces/workspace-billing.queries.ts';
import { creditOfferOf } from './credit-offer.ts';
import { findPurchaseOfInvoice, insertPendingPurchase } from './credit-purchase.queries.ts';

export interface CreditPurchaseOutcome {
  purchaseId: string;
  invoiceId: string;
  credits: number;
  payment: PaymentResult;
}

/**
 * `requestRef` names the keyed request (null without an Idempotency-Key): a retry of a request that bought and
 * never answered finishes that purchase — charged once — instead of buying again.
 */
export async function purchaseCredits(
  deps: BillingDeps,
  access: WorkspaceAccess,
  choice: CreditChoice,
  requestRef: string | null = null,
): Promise<CreditPurchaseOutcome> {
  const actor = auditActorOf(access.actor);
  const started = await withPaymentInProgressError(() =>
    inTransaction(deps.db, async (trx) => {
      const { billing, now, deps: workspaceDeps } = await lockWorkspace(trx, deps, access.workspace.id);
      const earlier = requestRef ? await findInvoiceOfRequest(trx, access.workspace.id, requestRef) : undefined;
      if (earlier) {
        const purchase = await findPurchaseOfInvoice(trx, earlier.id);
        return {
          purchaseId: purchase.id,
          credits: purchase.credits,
          invoiceId: earlier.id,
          payment: await resumePayment(trx, earlier),
        };
      }
      const plan = findPlan(deps.catalog, billing.planId);
      const offer = creditOfferOf(plan);
      if (!offer) {
        throw new BillingError(
          'credits_not_sold',
          `${plan.name} does not include credits. Switch to Flex Credits or Pro to buy credits.`,
        );
      }
      const priced = priceCredits(offer, choice);
      const purchaseId = newId('cpur');
      assertCardOnFile(billing);
      const invoiceId = await issuePurchaseInvoice(trx, workspaceDeps, access.workspace.id, priced, requestRef);
      await insertPendingPurchase(trx, {
        id: purchaseId,
        workspaceId: access.workspace.id,
        invoiceId,
        packId: priced.packId,
        credits: priced.credits,
        createdAt: toDate(now),
      });
      await recordAudit(trx, workspaceDeps.clock, {
        workspaceId: access.workspace.id,
        actor,
        action: 'credits.purchase_requested',
        targetId: purchaseId,
        after: { credits: priced.credits, pack: priced.packId, amount: priced.line.amount, currency: priced.currency },
      });
      // Step 1 of the payment comes last: a nothing-to-pay invoice is settled (and granted) right here.
      const payment = await startPaymentInTransaction(trx, workspaceDeps, billing, invoiceId);
      return { purchaseId, credits: priced.credits, invoiceId, payment };
    }),
  );
  const payment = await completePayment(deps, started.payment, actor);
  if (payment.status === 'failed') {
    throw new BillingError('payment_failed', `${payment.message} No credits were added.`);
  }
  return { purchaseId: started.purchaseId, invoiceId: started.invoiceId, credits: started.credits, payment };
}

export function assertCardOnFile(billing: Pick<WorkspaceBilling, 'defaultPaymentMethodId'>): void {
  if (!billing.defaultPaymentMethodId) {
    throw new BillingError('payment_method_required', 'Add a payment method first: there is no card to charge.');
  }
}

/** The draft invoice of a credit purchase: one line, no period. */
export function issuePurchaseInvoice(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  workspaceId: string,
  priced: PricedCredits,
  requestRef: string | null = null,
): Promise<string> {
  return createDraftInvoice(trx, deps.clock, {
    workspaceId,
    currency: priced.currency,
    lines: [priced.line],
    period: null,
    billingReason: 'credit_purchase',
    requestRef,
  });
}
