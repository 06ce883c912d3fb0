// Auto top-up: the setting (which pack, below which balance) and buying a top-up a debit requested. The debit
// records the request in its own transaction; buying it is a credit purchase charged right after, or by the
// jobs if the process stopped first. A failed top-up stays disarmed until credits arrive another way.
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf, systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { priceCredits } from '../../domain/credits/credit-offer.ts';
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { completePayment, startPaymentInTransaction } from '../payments/pay-invoice.ts';
import { findPlan } from '../plans/catalog.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { lockCreditAccount, saveAutoTopUpSetting } from './credit-account.queries.ts';
import { creditOfferOf } from './credit-offer.ts';
import {
  findPurchaseWorkspace,
  listRequestedPurchaseIds,
  lockRequestedPurchase,
  markPurchaseFailed,
  markPurchasePending,
} from './credit-purchase.queries.ts';
import { issuePurchaseInvoice } from './purchase-credits.ts';

export interface AutoTopUpView {
  enabled: boolean;
  packId: string | null;
  threshold: number | null;
}

export async function updateAutoTopUp(
  deps: BillingDeps,
  access: WorkspaceAccess,
  setting: AutoTopUpView,
): Promise<AutoTopUpView> {
  return inTransaction(deps.db, async (trx) => {
    const { billing, now: workspaceNow, deps: workspaceDeps } = await lockWorkspace(trx, deps, access.workspace.id);
    const plan = findPlan(deps.catalog, billing.planId);
    if (setting.enabled) {
      const offer = creditOfferOf(plan);
      if (!offer) {
        throw new BillingError('credits_not_sold', `${plan.name} does not include credits, so it has no auto top-up.`);
      }
      if (setting.packId === null || !offer.packs.some((p) => p.id === setting.packId)) {
        throw new BillingError(
          'invalid_request',
          `Choose the pack to buy: one of ${offer.packs.map((p) => p.id).join(', ')}.`,
          { param: 'packId' },
        );
      }
      if (setting.threshold === null) {
        throw new BillingError('invalid_request', 'Say below which balance to buy it.', { param: 'threshold' });
      }
      if (!billing.defaultPaymentMethodId) {
        throw new BillingError('payment_method_required', 'Add a payment method first: auto top-up charges it.');
      }
    }
    const now = toDate(workspaceNow);
    const before = await lockCreditAccount(trx, access.workspace.id, now);
    await saveAutoTopUpSetting(
      trx,
      access.workspace.id,
      {
        enabled: setting.enabled,
        packId: setting.packId,
        threshold: setting.threshold,
        // Turning it on (again) arms it: the next debit below the threshold buys once.
        armed: true,
        ...(setting.enabled && setting.threshold !== null ? { lowBalanceThreshold: setting.threshold } : {}),
      },
      now,
    );
    await recordAudit(trx, workspaceDeps.clock, {
      workspaceId: access.workspace.id,
      actor: auditActorOf(access.actor),
      action: 'credits.auto_top_up_updated',
      targetId: access.workspace.id,
      before: before.autoTopUp,
      after: setting,
    });
    return setting;
  });
}

/** Buys a top-up a debit requested; false when there was nothing (left) to buy. */
export async function buyRequestedTopUp(deps: BillingDeps, purchaseId: string): Promise<boolean> {
  const workspaceId = await findPurchaseWorkspace(deps.db, purchaseId);
  if (!workspaceId) return false;
  const started = await inTransaction(deps.db, async (trx) => {
    // Lock order: the billing row, then the purchase.
    const { billing, now: workspaceNow, deps: workspaceDeps } = await lockWorkspace(trx, deps, workspaceId);
    const purchase = await lockRequestedPurchase(trx, purchaseId);
    if (!purchase) return null;
    const now = toDate(workspaceNow);
    const offer = creditOfferOf(findPlan(deps.catalog, billing.planId));
    const pack = offer?.packs.find((p) => p.id === purchase.packId);
    const cannot = !pack
      ? 'The plan no longer sells this pack.'
      : !billing.defaultPaymentMethodId
        ? 'There is no card to charge.'
        : null;
    if (cannot || !offer || !pack) {
      await markPurchaseFailed(trx, purchaseId, cannot, now);
      return null;
    }
    const priced = priceCredits(offer, { pack: pack.id });
    const invoiceId = await issuePurchaseInvoice(trx, workspaceDeps, workspaceId, priced);
    await markPurchasePending(trx, purchaseId, invoiceId);
    return startPaymentInTransaction(trx, workspaceDeps, billing, invoiceId);
  });
  if (!started) return false;
  await completePayment(deps, started, systemActor);
  return true;
}

/**
 * The jobs' sweep: top-ups requested by debits whose process stopped before buying them. Racing the request's
 * own buyer is harmless: whoever locks the purchase first buys it, the other finds it no longer requested.
 */
export async function buyLeftoverTopUps(deps: BillingDeps): Promise<number> {
  const leftover = await listRequestedPurchaseIds(deps.db, 100);
  let bought = 0;
  for (const id of leftover) if (await buyRequestedTopUp(deps, id)) bought += 1;
  return bought;
}
