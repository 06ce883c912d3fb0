// Makes a saved card the one renewals and payments charge.
import { inTransaction, lockWorkspaceBilling } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { auditActorOf } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { loadPaymentMethod } from './load-payment-method.ts';
import { type PaymentMethodView, paymentMethodView } from './payment-method-view.ts';

export async function setDefaultPaymentMethod(
  deps: BillingDeps,
  access: WorkspaceAccess,
  paymentMethodId: string,
): Promise<PaymentMethodView> {
  const workspaceId = access.workspace.id;
  return inTransaction(deps.db, async (trx) => {
    const billing = await lockWorkspaceBilling(trx, workspaceId);
    const row = await loadPaymentMethod(trx, workspaceId, paymentMethodId);
    const view = paymentMethodView(row, row.id);
    if (billing.default_payment_method_id === row.id) return view;
    await trx
      .updateTable('workspace_billing')
      .set({ default_payment_method_id: row.id, updated_at: toDate(deps.clock.now()) })
      .where('workspace_id', '=', workspaceId)
      .execute();
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'payment_method.default_changed',
      targetId: row.id,
      before: { defaultPaymentMethodId: billing.default_payment_method_id },
      after: { defaultPaymentMethodId: row.id },
    });
    await recordEvent(trx, deps.clock, { workspaceId, type: 'payment_method.default_changed', data: view });
    return view;
  });
}
