// Auto top-up: the setting (which pack, below which balance) and buying a top-up a debit requested. The debit
// records the request in its own transaction; buying it is a credit purchase charged right after, or by the
// jobs if the process stopped first. A failed top-up stays disarmed until credits arrive another way.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { priceCredits } from '../../domain/credits/credit-offer.ts';
import { BillingError } from '../../domain/errors.ts';
import { auditActorOf, systemActor } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { completePayment, startPaymentInTransaction } from '../payments/pay-invoice.ts';
import { findPlan } from '../plans/catalog.ts';
import { lockWorkspaceBillingAt } from '../test-clocks/workspace-clock.ts';
import { lockCreditAccount } from './credit-account.queries.ts';
import { creditOfferOf } from './credit-offer.ts';
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
    const { billing, deps: workspaceDeps } = await lockWorkspaceBillingAt(trx, deps, access.workspace.id);
    const plan = findPlan(deps.catalog, billing.plan_id);
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
      if (!billing.default_payment_method_id) {
        throw new BillingError('payment_method_required', 'Add a payment method first: auto top-up charges it.');
      }
    }
    const now = toDate(workspaceDeps.clock.now());
    const before = await lockCreditAccount(trx, access.workspace.id, now);
    await trx
      .updateTable('credit_account')
      .set({
        auto_top_up_enabled: setting.enabled,
        auto_top_up_pack_id: setting.packId,
        auto_top_up_threshold: setting.threshold,
        // Turning it on (again) arms it: the next debit below the threshold buys once.
        auto_top_up_armed: true,
        ...(setting.enabled && setting.threshold !== null ? { low_balance_threshold: setting.threshold } : {}),
        updated_at: now,
      })
      .where('workspace_id', '=', access.workspace.id)
      .execute();
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
  const request = await deps.db
    .selectFrom('credit_purchase')
    .select(['workspace_id'])
    .where('id', '=', purchaseId)
    .executeTakeFirst();
  if (!request) return false;
  const started = await inTransaction(deps.db, async (trx) => {
    // Lock order: the billing row, then the purchase.
    const { billing, deps: workspaceDeps } = await lockWorkspaceBillingAt(trx, deps, request.workspace_id);
    const purchase = await trx
      .selectFrom('credit_purchase')
      .selectAll()
      .where('id', '=', purchaseId)
      .where('status', '=', 'requested')
      .forUpdate()
      .executeTakeFirst();
    if (!purchase) return null;
    const now = toDate(workspaceDeps.clock.now());
    const offer = creditOfferOf(findPlan(deps.catalog, billing.plan_id));
    const pack = offer?.packs.find((p) => p.id === purchase.pack_id);
    const cannot = !pack
      ? 'The plan no longer sells this pack.'
      : !billing.default_payment_method_id
        ? 'There is no card to charge.'
        : null;
    if (cannot || !offer || !pack) {
      await trx
        .updateTable('credit_purchase')
        .set({ status: 'failed', failure_message: cannot, settled_at: now })
        .where('id', '=', purchaseId)
        .execute();
      return null;
    }
    const priced = priceCredits(offer, { pack: pack.id });
    const invoiceId = await issuePurchaseInvoice(trx, workspaceDeps, request.workspace_id, priced);
    await trx
      .updateTable('credit_purchase')
      .set({ status: 'pending', invoice_id: invoiceId })
      .where('id', '=', purchaseId)
      .execute();
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
  const leftover = await deps.db
    .selectFrom('credit_purchase')
    .select('id')
    .where('status', '=', 'requested')
    .orderBy('created_at')
    .limit(100)
    .execute();
  let bought = 0;
  for (const { id } of leftover) if (await buyRequestedTopUp(deps, id)) bought += 1;
  return bought;
}
