// Saves a card from the card form: the gateway turns the single-use token into a reusable card (outside any
// transaction: it is a call to the processor), then one transaction records it and, if asked or if it is the
// first, makes it the default. A declined card changes nothing but the card-testing counts of the workspace and
// the client address; past their limit the token never reaches the gateway.
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { clientAddressSubject, workspaceSubject } from '../../domain/payment-methods/card-attempt-subject.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { guardCardAttempt } from './card-attempt-guard.ts';
import { type PaymentMethodView, paymentMethodView } from './payment-method-view.ts';
import { insertSavedCard, setDefaultPaymentMethodId } from './payment-methods.queries.ts';

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
    // The card's dates keep the server's time: a saved card is not a billing date.
    const { billing } = await lockWorkspace(trx, deps, workspaceId);
    const now = toDate(deps.clock.now());
    const saved = await insertSavedCard(trx, {
      id: newId('pm'),
      workspaceId,
      gateway: deps.gateway.name,
      gatewayRef: card.gatewayRef,
      brand: card.brand,
      last4: card.last4,
      expMonth: card.expMonth,
      expYear: card.expYear,
      createdAt: now,
    });
    const becomesDefault = input.makeDefault || billing.defaultPaymentMethodId === null;
    if (becomesDefault) {
      await setDefaultPaymentMethodId(trx, workspaceId, saved.id, now);
    }
    const view = paymentMethodView(saved, becomesDefault ? saved.id : billing.defaultPaymentMethodId);
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'payment_method.attached',
      targetId: saved.id,
      after: view,
    });
    await recordEvent(trx, deps.clock, { workspaceId, type: 'payment_method.attached', data: { object: view } });
    return view;
  });
}
