// Step 3 of a payment: records what the gateway said about a charge, in its own transaction. Recording is
// done once: whoever finds the attempt still unresolved writes it (the request, or the recovery job).
import { inTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { invoiceViewNow, recordInvoiceEvent } from '../invoices/record-invoice-event.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { declineOf, invoiceOutcomeOf, unreachable } from './charge-outcome.ts';
import { cardSnapshotOf, invoiceOfAttempt, markInvoicePaid } from './invoice-payment.queries.ts';
import {
  type AnsweredCharge,
  attemptStatusOf,
  lockAttempt,
  type PaymentAttempt,
  recordAttemptOutcome,
} from './payment-attempts.queries.ts';
import { settleInvoice } from './settle-invoice.ts';

export async function recordChargeOutcome(
  rootDeps: BillingDeps,
  attempt: Pick<PaymentAttempt, 'id' | 'workspaceId' | 'invoiceId'>,
  outcome: AnsweredCharge,
  actor: AuditActor,
): Promise<void> {
  await inTransaction(rootDeps.db, async (trx) => {
    // Dates on the invoice follow the workspace's clock (its test clock, in test mode).
    const { deps } = await lockWorkspace(trx, rootDeps, attempt.workspaceId);
    const current = await lockAttempt(trx, attempt.id);
    if (current.status !== 'pending' && current.status !== 'requires_action') return;
    if (current.status === 'requires_action' && outcome.status === 'requires_action') return;

    const now = toDate(deps.clock.now());
    // The event's `previous` is what the invoice looked like while its payment was under way.
    const before = await invoiceViewNow(trx, deps, attempt.invoiceId);
    await recordAttemptOutcome(trx, attempt.id, outcome, now);
    const invoice = await invoiceOfAttempt(trx, attempt.invoiceId);
    const workspaceId = attempt.workspaceId;
    const event = { workspaceId, invoiceId: invoice.id, before };
    switch (outcome.status) {
      case 'succeeded':
        await markInvoicePaid(trx, invoice.id, now, await cardSnapshotOf(trx, current.paymentMethodId));
        await recordInvoiceEvent(trx, deps, { ...event, type: 'invoice.paid' });
        break;
      case 'declined':
        await recordInvoiceEvent(trx, deps, { ...event, type: 'invoice.payment_failed' });
        break;
      case 'requires_action':
        await recordInvoiceEvent(trx, deps, { ...event, type: 'invoice.payment_action_required' });
        break;
      default:
        unreachable(outcome);
    }
    await settleInvoice(trx, deps, invoice, invoiceOutcomeOf(outcome));
    const status = attemptStatusOf(outcome);
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor,
      action: `payment.${status}`,
      targetId: invoice.id,
      after: { attemptId: attempt.id, chargeRef: outcome.ref, status, decline: declineOf(outcome) },
    });
  });
}
