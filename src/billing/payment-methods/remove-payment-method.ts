// Removes a saved card. The default card stays while other cards exist (make another the default first) and
// while a paid subscription would be left with nothing to charge; a removed card is kept for past invoices.
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { eventDataOf } from '../events/changed-fields.ts';
import { recordEvent } from '../events/record-event.ts';
import { findPlan } from '../plans/catalog.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { loadPaymentMethod } from './load-payment-method.ts';
import { type PaymentMethodView, paymentMethodView } from './payment-method-view.ts';
import { countOtherSavedCards, markSavedCardRemoved, setDefaultPaymentMethodId } from './payment-methods.queries.ts';

export async function removePaymentMethod(
  deps: BillingDeps,
  access: WorkspaceAccess,
  paymentMethodId: string,
): Promise<PaymentMethodView> {
  const workspaceId = access.workspace.id;
  return inTransaction(deps.db, async (trx) => {
    const { billing } = await lockWorkspace(trx, deps, workspaceId);
    const card = await loadPaymentMethod(trx, workspaceId, paymentMethodId);
    const isDefault = billing.defaultPaymentMethodId === card.id;
    if (isDefault) {
      if ((await countOtherSavedCards(trx, workspaceId, card.id)) > 0) {
        throw new BillingError(
          'payment_method_in_use',
          'This is the default payment method. Make another card the default before removing it.',
          { param: 'pm' },
        );
      }
      if (findPlan(deps.catalog, billing.planId).kind === 'subscription') {
        throw new BillingError(
          'payment_method_in_use',
          'This card pays your subscription and is your only payment method. Add another card first, or cancel the subscription.',
          { param: 'pm' },
        );
      }
    }
    const now = toDate(deps.clock.now());
    await markSavedCardRemoved(trx, card.id, now);
    if (isDefault) await setDefaultPaymentMethodId(trx, workspaceId, null, now);
    const view = paymentMethodView(card, null);
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'payment_method.removed',
      targetId: card.id,
      before: { ...view, isDefault },
    });
    await recordEvent(trx, deps.clock, {
      workspaceId,
      type: 'payment_method.removed',
      data: eventDataOf(view, paymentMethodView(card, billing.defaultPaymentMethodId)),
    });
    return view;
  });
}
