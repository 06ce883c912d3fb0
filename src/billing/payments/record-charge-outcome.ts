// Step 3 of a payment: records what the gateway said about a charge, in its own transaction. Recording is
// done once: whoever finds the attempt still unresolved writes it (the request, or the recovery job).
import type { PaymentAttemptRow } from '../../db/tables.ts';
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import type { GatewayCharge } from '../../gateways/payment-gateway.ts';
import type { AuditActor } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import { lockWorkspaceBillingAt } from '../test-clocks/workspace-clock.ts';
import { settleInvoice } from './settle-invoice.ts';

export async function recordChargeOutcome(
  rootDeps: BillingDeps,
  attempt: Pick<PaymentAttemptRow, 'id' | 'workspace_id' | 'invoice_id'>,
  charge: GatewayCharge,
  actor: AuditActor,
): Promise<void> {
  await inTransaction(rootDeps.db, async (trx) => {
    // Dates on the invoice follow the workspace's clock (its test clock, in test mode).
    const { deps } = await lockWorkspaceBillingAt(trx, rootDeps, attempt.workspace_id);
    const current = await trx
      .selectFrom('payment_attempt')
      .selectAll()
      .where('id', '=', attempt.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.status !== 'pending' && current.status !== 'requires_action') return;
    if (current.status === 'requires_action' && charge.status === 'requires_action') return;

    const now = toDate(deps.clock.now());
    await trx
      .updateTable('payment_attempt')
      .set({
        status: charge.status,
        gateway_charge_ref: charge.ref,
        next_action_url: charge.nextActionUrl,
        failure_code: charge.decline?.code ?? null,
        failure_message: charge.decline?.message ?? null,
        resolved_at: charge.status === 'requires_action' ? null : now,
      })
      .where('id', '=', attempt.id)
      .execute();
    const invoice = await trx
      .selectFrom('invoice')
      .select(['id', 'number', 'total', 'currency'])
      .where('id', '=', attempt.invoice_id)
      .executeTakeFirstOrThrow();
    const card = await trx
      .selectFrom('payment_method')
      .select(['id', 'brand', 'last4'])
      .where('id', '=', current.payment_method_id)
      .executeTakeFirstOrThrow();
    const eventData = {
      invoiceId: invoice.id,
      number: invoice.number,
      amount: invoice.total,
      currency: invoice.currency,
      paymentMethod: { id: card.id, brand: card.brand, last4: card.last4 },
    };

    if (charge.status === 'succeeded') {
      await trx
        .updateTable('invoice')
        .set({ status: 'paid', paid_at: now, payment_method: JSON.stringify(card) })
        .where('id', '=', invoice.id)
        .execute();
      await recordEvent(trx, deps.clock, { workspaceId: attempt.workspace_id, type: 'invoice.paid', data: eventData });
      await settleInvoice(trx, deps, invoice.id, { status: 'paid' });
    } else if (charge.status === 'failed') {
      await recordEvent(trx, deps.clock, {
        workspaceId: attempt.workspace_id,
        type: 'invoice.payment_failed',
        data: { ...eventData, failure: charge.decline },
      });
      await settleInvoice(trx, deps, invoice.id, {
        status: 'failed',
        message: charge.decline?.message ?? 'The payment failed.',
      });
    } else {
      await recordEvent(trx, deps.clock, {
        workspaceId: attempt.workspace_id,
        type: 'invoice.payment_action_required',
        data: { ...eventData, nextActionUrl: charge.nextActionUrl },
      });
      await settleInvoice(trx, deps, invoice.id, { status: 'requires_action' });
    }
    await recordAudit(trx, deps.clock, {
      workspaceId: attempt.workspace_id,
      actor,
      action: `payment.${charge.status}`,
      targetId: invoice.id,
      after: { attemptId: attempt.id, chargeRef: charge.ref, status: charge.status, decline: charge.decline },
    });
  });
}
