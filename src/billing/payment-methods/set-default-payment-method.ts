// Makes a saved card the one renewals and payments charge.
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { eventDataOf } from '../events/changed-fields.ts';
import { recordEvent } from '../events/record-event.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { loadPaymentMethod } from './load-payment-method.ts';
import { type PaymentMethodView, paymentMethodView } from './payment-method-view.ts';
import { setDefaultPaymentMethodId } from './payment-methods.queries.ts';

export async function setDefaultPaymentMethod(
  deps: BillingDeps,
  access: WorkspaceAccess,
  paymentMethodId: string,
): Promise<PaymentMethodView> {
  const workspaceId = access.workspace.id;
  return inTransaction(deps.db, async (trx) => {
    const { billing } = await lockWorkspace(trx, deps, workspaceId);
    const card = await loadPaymentMethod(trx, workspaceId, paymentMethodId);
    const view = paymentMethodView(card, card.id);
    if (billing.defaultPaymentMethodId === card.id) return view;
    await setDefaultPaymentMethodId(trx, workspaceId, card.id, toDate(deps.clock.now()));
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'payment_method.default_changed',
      targetId: card.id,
      before: { defaultPaymentMethodId: billing.defaultPaymentMethodId },
      after: { defaultPaymentMethodId: card.id, brand: card.brand, last4: card.last4 },
    });
    await recordEvent(trx, deps.clock, {
      workspaceId,
      type: 'payment_method.default_changed',
      data: eventDataOf(view, paymentMethodView(card, billing.defaultPaymentMethodId)),
    });
    return view;
  });
}
