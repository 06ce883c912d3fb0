// Finishes refunds left `pending` by a crash between recording the refund and recording the gateway's answer: it
// sends the refund again with the same idempotency key (the gateway refunds at most once per key, answering the
// first refund) and issues the credit note. Safe from several processes at once: the note is issued once.
import { Temporal } from 'temporal-polyfill';
import { systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import type { BillingDeps } from '../deps.ts';
import { strandedRefunds } from './credit-notes.queries.ts';
import { completeRefund } from './refund-invoice.ts';

/** Longer than any request waits for the gateway, so a refund still in flight is never picked up. */
export const pendingRefundGracePeriod = Temporal.Duration.from({ minutes: 2 });

export async function recoverPendingRefunds(deps: BillingDeps, limit = 100): Promise<{ settled: number }> {
  const cutoff = toDate(deps.clock.now().subtract(pendingRefundGracePeriod));
  let settled = 0;
  for (const refund of await strandedRefunds(deps.db, cutoff, limit)) {
    try {
      await completeRefund(deps, refund, systemActor);
      settled += 1;
    } catch (error) {
      // Still unreachable: the refund stays pending for the next run.
      if (error instanceof BillingError && error.code === 'gateway_unavailable') continue;
      throw error;
    }
  }
  return { settled };
}
