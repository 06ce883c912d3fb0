// Removes a saved card. The default card stays while other cards exist (make another the default first) and
// while a paid subscription would be left with nothing to charge; a removed card is kept for past invoices.
import { inTransaction, lockWorkspaceBilling } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { auditActorOf } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { findPlan } from '../plans/catalog.ts';
import { loadPaymentMethod } from './load-payment-method.ts';
import { type PaymentMethodView, paymentMethodView } from './payment-method-view.ts';

export async function removePaymentMethod(
  deps: BillingDeps,
  access: WorkspaceAccess,
  paymentMethodId: string,
): Promise<PaymentMethodView> {
  const workspaceId = access.workspace.id;
  return inTransaction(deps.db, async (trx) => {
    const billing = await lockWorkspaceBilling(trx, workspaceId);
    const row = await loadPaymentMethod(trx, workspaceId, paymentMethodId);
    const isDefault = billing.default_payment_method_id === row.id;
    if (isDefault) {
      const others = await trx
        .selectFrom('payment_method')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('workspace_id', '=', workspaceId)
        .where('removed_at', 'is', null)
        .where('id', '!=', row.id)
        .executeTakeFirstOrThrow();
      if (Number(others.count) > 0) {
        throw new BillingError(
          'payment_method_in_use',
          'This is the default payment method. Make another card the default before removing it.',
          { param: 'pm' },
        );
      }
      if (findPlan(deps.catalog, billing.plan_id).kind === 'subscription') {
        throw new BillingError(
          'payment_method_in_use',
          'This card pays your subscription and is your only payment method. Add another card first, or cancel the subscription.',
          { param: 'pm' },
        );
      }
    }
    const now = toDate(deps.clock.now());
    await trx.updateTable('payment_method').set({ removed_at: now }).where('id', '=', row.id).execute();
    if (isDefault) {
      await trx
        .updateTable('workspace_billing')
        .set({ default_payment_method_id: null, updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .execute();
    }
    const view = paymentMethodView(row, null);
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'payment_method.removed',
      targetId: row.id,
      before: { ...view, isDefault },
    });
    await recordEvent(trx, deps.clock, { workspaceId, type: 'payment_method.removed', data: view });
    return view;
  });
}
