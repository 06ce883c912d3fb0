// What the workspace's plan sells credits for (its packs and custom amounts), or null when it sells none.

import type { CreditOffer } from '../../domain/credits/credit-offer.ts';
import type { Plan } from '../../domain/plans/plan.ts';

export function creditOfferOf(plan: Plan): CreditOffer | null {
  if (plan.creditPacks.length === 0 && plan.customCredits === null) return null;
  return { packs: plan.creditPacks, custom: plan.customCredits };
}
