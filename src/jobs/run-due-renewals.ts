// Renews every subscription on the system clock whose period has ended, in batches (renew-subscription.ts), then runs
// every dunning retry that is due. Each batch's claim is its own transaction (FOR UPDATE SKIP LOCKED), so several
// processes share the work, and the card charges hold no lock. Workspaces on a test clock move only when their clock
// is advanced.
import type { BillingDeps } from '../billing/deps.ts';
import { runDueWork } from '../billing/due-work/due-work.ts';
import { renewDueSubscriptions } from '../billing/subscriptions/renew-subscription.ts';
import { BillingError } from '../domain/errors.ts';

const systemClock = { kind: 'system_clock' } as const;

/** `limit` bounds each kind of work in one run (renewals are claimed a batch at a time, so it may pass by a batch). */
export async function runDueRenewals(
  deps: BillingDeps,
  limit = Number.POSITIVE_INFINITY,
): Promise<{ renewed: number; retried: number }> {
  let renewed = 0;
  while (renewed < limit) {
    const batch = await renewDueSubscriptions(deps, systemClock);
    if (batch.claimed === 0) break;
    renewed += batch.outcomes.length;
  }
  let retried = 0;
  while (retried < limit && (await settlingLater(() => runDueWork(deps, 'dunning_retry', systemClock)))) retried += 1;
  return { renewed, retried };
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
