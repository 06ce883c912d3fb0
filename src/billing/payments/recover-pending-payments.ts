// Settles payment attempts left `pending` by a crash between recording the attempt and recording the gateway's
// answer: it asks the gateway by the attempt's idempotency key and records what it says; if the charge never
// reached the gateway, it sends it now with the same key. Safe to run from several processes at once: the
// gateway charges once per key and the outcome is recorded once. An attempt the gateway still cannot answer for
// stays pending for the next run.
import { Temporal } from 'temporal-polyfill';
import { systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import type { BillingDeps } from '../deps.ts';
import { askGateway } from './charge-outcome.ts';
import { strandedAttempts } from './payment-attempts.queries.ts';
import { recordChargeOutcome } from './record-charge-outcome.ts';
import { chargeDescriptionFor } from './started-payment.ts';

/** Longer than any request waits for the gateway, so a payment still in flight is never picked up. */
export const pendingPaymentGracePeriod = Temporal.Duration.from({ minutes: 2 });

export async function recoverPendingPayments(deps: BillingDeps, limit = 100): Promise<{ settled: number }> {
  const cutoff = toDate(deps.clock.now().subtract(pendingPaymentGracePeriod));
  let settled = 0;
  for (const attempt of await strandedAttempts(deps.db, cutoff, limit)) {
    const outcome = await askGateway(
      async () =>
        (await deps.gateway.findCharge(attempt.id)) ??
        deps.gateway.charge({
          idempotencyKey: attempt.id,
          gatewayRef: attempt.gatewayRef,
          amount: attempt.amount,
          currency: attempt.currency,
          description: chargeDescriptionFor(attempt.invoiceNumber),
        }),
    );
    if (outcome.status === 'retryable') continue;
    await recordChargeOutcome(deps, attempt, outcome, systemActor);
    settled += 1;
  }
  return { settled };
}
