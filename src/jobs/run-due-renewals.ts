// Renews every subscription on the system clock whose period has ended, then runs every dunning retry that is
// due. Each claim is its own transaction (FOR UPDATE SKIP LOCKED), so several processes share the work and a
// slow card charge holds no lock. Workspaces on a test clock move only when their clock is advanced.
import type { BillingDeps } from '../billing/deps.ts';
import { runDueWork } from '../billing/due-work/due-work.ts';
import { BillingError } from '../domain/errors.ts';

const systemClock = { kind: 'system_clock' } as const;

export async function runDueRenewals(deps: BillingDeps, limit = 500): Promise<{ renewed: number; retried: number }> {
  let renewed = 0;
  while (renewed < limit && (await settlingLater(() => runDueWork(deps, 'renewal', systemClock)))) renewed += 1;
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
