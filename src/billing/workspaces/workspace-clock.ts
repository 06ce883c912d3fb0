// The one rule for the time a workspace's billing reads: its test clock's frozen time when one is attached
// (test mode), else the server's clock. Every query that needs it selects the test clock's time beside the row
// it locks (workspace-billing.queries.ts, the credit wallet's debit) and hands it here.
import { fixedClock, toInstant } from '../../domain/clock.ts';
import type { BillingDeps } from '../deps.ts';

/** `deps` with the clock replaced by the workspace's test clock, when it has one. */
export function onWorkspaceClock<D extends Pick<BillingDeps, 'clock'>>(deps: D, testClockTime: Date | null): D {
  return testClockTime ? { ...deps, clock: fixedClock(toInstant(testClockTime)) } : deps;
}
