// Settles payment attempts left `pending` by a crash between recording the attempt and recording the gateway's
// answer: it asks the gateway by the attempt's idempotency key and records what it says; if the charge never
// reached the gateway, it sends it now with the same key. Safe to run from several processes at once: the
// gateway charges once per key and the outcome is recorded once.
import { Temporal } from 'temporal-polyfill';
import { systemActor } from '../billing/access/actor.ts';
import type { BillingDeps } from '../billing/deps.ts';
import { chargeDescriptionFor } from '../billing/payments/pay-invoice.ts';
import { recordChargeOutcome } from '../billing/payments/record-charge-outcome.ts';
import { toDate } from '../domain/clock.ts';

/** Longer than any request waits for the gateway, so a payment still in flight is never picked up. */
export const pendingPaymentGracePeriod = Temporal.Duration.from({ minutes: 2 });

export async function recoverPendingPayments(deps: BillingDeps, limit = 100): Promise<{ settled: number }> {
  const cutoff = toDate(deps.clock.now().subtract(pendingPaymentGracePeriod));
  const stranded = await deps.db
    .selectFrom('payment_attempt')
    .innerJoin('payment_method', 'payment_method.id', 'payment_attempt.payment_method_id')
    .innerJoin('invoice', 'invoice.id', 'payment_attempt.invoice_id')
    .select([
      'payment_attempt.id',
      'payment_attempt.workspace_id',
      'payment_attempt.invoice_id',
      'payment_attempt.amount',
      'payment_attempt.currency',
      'payment_method.gateway_ref',
      'invoice.number',
    ])
    .where('payment_attempt.status', '=', 'pending')
    .where('payment_attempt.created_at', '<=', cutoff)
    .orderBy('payment_attempt.created_at')
    .limit(limit)
    .execute();
  let settled = 0;
  for (const attempt of stranded) {
    const charge =
      (await deps.gateway.findCharge(attempt.id)) ??
      (await deps.gateway.charge({
        idempotencyKey: attempt.id,
        gatewayRef: attempt.gateway_ref,
        amount: attempt.amount,
        currency: attempt.currency,
        description: chargeDescriptionFor(attempt.number),
      }));
    await recordChargeOutcome(deps, attempt, charge, systemActor);
    settled += 1;
  }
  return { settled };
}
