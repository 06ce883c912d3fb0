// Announces the trial ends that are due (3 days before), renews every subscription on the system clock whose period
// has ended, in batches (renew-subscription.ts), then runs every dunning retry that is due. Each batch's claim is its own transaction (FOR UPDATE SKIP LOCKED), so several
// processes share the work, and the card charges hold no lock: while one batch's cards are charged, the next batch is
// claimed and invoiced. Workspaces on a test clock move only when their clock is advanced.
import type { BillingDeps } from '../billing/deps.ts';
import { runDueWork } from '../billing/due-work/due-work.ts';
import { collectRenewalPayments, issueDueRenewals } from '../billing/subscriptions/renew-subscription.ts';
import { BillingError } from '../domain/errors.ts';

const systemClock = { kind: 'system_clock' } as const;

/** `limit` bounds each kind of work in one run (renewals are claimed a batch at a time, so it may pass by a batch). */
export async function runDueRenewals(
  deps: BillingDeps,
  limit = Number.POSITIVE_INFINITY,
): Promise<{ renewed: number; retried: number }> {
  // A trial's end is announced before the renewal that ends it, should both have fallen due meanwhile.
  let announced = 0;
  while (announced < limit && (await runDueWork(deps, 'trial_end_notice', systemClock))) announced += 1;
  const renewed = await renewInPipeline(deps, limit);
  let retried = 0;
  while (retried < limit && (await settlingLater(() => runDueWork(deps, 'dunning_retry', systemClock)))) retried += 1;
  return { renewed, retried };
}

/** Claims batch n + 1 while batch n's cards are charged: at most one batch of each half at a time. */
async function renewInPipeline(deps: BillingDeps, limit: number): Promise<number> {
  let renewed = 0;
  let collecting: Promise<{ renewed: number } | { failed: unknown }> | null = null;
  const finishCollecting = async () => {
    const done = collecting && (await collecting);
    collecting = null;
    if (done && 'failed' in done) throw done.failed;
    renewed += done ? done.renewed : 0;
  };
  try {
    while (renewed < limit) {
      const issued = await issueDueRenewals(deps, systemClock);
      await finishCollecting();
      if (issued.claimed === 0) break;
      // Turned into a value, so a failed batch is no unhandled rejection while the next is claimed: rethrown above.
      collecting = collectRenewalPayments(deps, issued).then(
        (batch) => ({ renewed: batch.outcomes.length }),
        (failed: unknown) => ({ failed }),
      );
    }
  } finally {
    await finishCollecting();
  }
  return renewed;
}

/** A card processor that does not answer leaves a pending attempt for the recovery job: go on with the next. */
async function settlingLater<T>(run: () => Promise<T>): Promise<T | true> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BillingError && error.code === 'gateway_unavailable') return true;
    throw error;
  }
}
