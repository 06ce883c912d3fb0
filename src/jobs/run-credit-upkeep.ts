// The credits' periodic work: expire grants whose time has come (wallets on the system clock; a test clock's
// advance expires its own), buy auto top-ups a stopped process left requested, and write the batched
// credits.consumed events. Each step claims its rows, so several processes can run it at once.

import { buyLeftoverTopUps } from '../billing/credits/auto-top-up.ts';
import { expireNextDueCredits } from '../billing/credits/expire-credits.ts';
import { reportNextConsumption } from '../billing/credits/report-consumption.ts';
import type { BillingDeps } from '../billing/deps.ts';

export async function runCreditUpkeep(
  deps: BillingDeps,
  limit = 500,
): Promise<{ walletsExpired: number; topUpsBought: number; consumptionReports: number }> {
  let walletsExpired = 0;
  while (walletsExpired < limit && (await expireNextDueCredits(deps, { kind: 'system_clock' }))) walletsExpired += 1;
  const topUpsBought = await buyLeftoverTopUps(deps);
  let consumptionReports = 0;
  while (consumptionReports < limit && (await reportNextConsumption(deps))) consumptionReports += 1;
  return { walletsExpired, topUpsBought, consumptionReports };
}
