// Saves a card from the card form: the gateway turns the single-use token into a reusable card (outside any
// transaction: it is a call to the processor), then one transaction records it and, if asked or if it is the
// first, makes it the default. A declined card changes nothing but the card-testing counts of the workspace and
// the client address; past their limit the token never reaches the gateway.
import { inTransaction, lockWorkspaceBilling } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { clientAddressSubject, workspaceSubject } from '../../domain/payment-methods/card-attempt-subject.ts';
import { auditActorOf } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { guardCardAttempt } from './card-attempt-guard.ts';
import { type PaymentMethodView, paymentMethodView } from './payment-method-view.ts';

export async function attachPaymentMethod(
  deps: BillingDeps,
  access: WorkspaceAccess,
  /** clientAddress: where the request came from; null when no client sent it (the demo seed). */
  input: { token: string; makeDefault: boolean; clientAddress: string | null },
): Promise<PaymentMethodView> {
  const workspaceId = access.workspace.id;
  // Every refusal counts, not only declines: which refusals are card testing is the gateway's knowledge.
  const attached = await guardCardAttempt(
    deps,
    input.clientAddress === null
      ? [workspaceSubject(workspaceId)]
      : [workspaceSubject(workspaceId), clientAddressSubject(input.clientAddress)],
    () => deps.gateway.attach(input.token),
    (result) => !result.ok,
  );
  if (!attached.ok) throw new BillingError('payment_failed', attached.decline.message, { param: 'token' });
  const { card } = attached;

  return inTransaction(deps.db, async (trx) => {
    const billing = await lockWorkspaceBilling(trx, workspaceId);
    const now = toDate(deps.clock.now());
    const row = await trx
      .insertInto('payment_method')
      .values({
        id: newId('pm'),
        workspace_id: workspaceId,
        gateway: deps.gateway.name,
        gateway_ref: card.gatewayRef,
        brand: card.brand,
        last4: card.last4,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const becomesDefault = input.makeDefault || billing.default_payment_method_id === null;
    if (becomesDefault) {
      await trx
        .updateTable('workspace_billing')
        .set({ default_payment_method_id: row.id, updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .execute();
    }
    const view = paymentMethodView(row, becomesDefault ? row.id : billing.default_payment_method_id);
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'payment_method.attached',
      targetId: row.id,
      after: view,
    });
    await recordEvent(trx, deps.clock, { workspaceId, type: 'payment_method.attached', data: view });
    return view;
  });
}
