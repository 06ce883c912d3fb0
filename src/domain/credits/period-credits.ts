// How many credits a Pro period grants: the tier's credits for a whole paid period; on an upgrade mid-period,
// the extra credits of the new tier for the rest of the period (prorated) or in full, as the tier says.
import { divideRoundingHalfAwayFromZero } from '../money/money.ts';

export type UpgradeCredits = 'prorated' | 'full';

export function upgradeCreditsGrant(
  oldCreditsPerPeriod: number,
  newCreditsPerPeriod: number,
  /** The seconds of the period left (`used` by the proration) out of its whole, from remainingShare(). */
  share: { used: number; whole: number },
  mode: UpgradeCredits,
): number {
  const extra = newCreditsPerPeriod - oldCreditsPerPeriod;
  if (extra <= 0) return 0;
  if (mode === 'full') return extra;
  return divideRoundingHalfAwayFromZero(BigInt(extra) * BigInt(share.used), BigInt(share.whole));
}
