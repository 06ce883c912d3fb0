// Step 3 of a payment: records what the gateway said about a charge, in its own transaction. Recording is
// done once: whoever finds the attempt still unresolved writes it (the request, or the recovery job).
import { inTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
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
    await recordAttemptOutcome(trx, attempt.id, outcome, now);
    const invoice = await invoiceOfAttempt(trx, attempt.invoiceId);
    const card = await cardSnapshotOf(trx, current.paymentMethodId);
    const eventData = {
      invoiceId: invoice.id,
      number: invoice.number,
      amount: invoice.total,
      currency: invoice.currency,
      paymentMethod: card,
    };
    const workspaceId = attempt.workspaceId;
    switch (outcome.status) {
      case 'succeeded':
        await markInvoicePaid(trx, invoice.id, now, card);
        await recordEvent(trx, deps.clock, { workspaceId, type: 'invoice.paid', data: eventData });
        break;
      case 'declined':
        await recordEvent(trx, deps.clock, {
          workspaceId,
          type: 'invoice.payment_failed',
          data: { ...eventData, failure: declineOf(outcome) },
        });
        break;
      case 'requires_action':
        await recordEvent(trx, deps.clock, {
          workspaceId,
          type: 'invoice.payment_action_required',
          data: { ...eventData, nextActionUrl: outcome.nextActionUrl },
        });
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
