// The plan catalog's shape (DESIGN.md section 4, GET /v1/plans) and the seat limit it sets.

export type PlanKind = 'free' | 'credits' | 'subscription';
export type BillingInterval = 'month' | 'year';

export interface PlanPrice {
  interval: BillingInterval;
  currency: string;
  unitAmount: number;
  perSeat: boolean;
}

export interface PlanTier {
  id: string;
  name: string;
  creditsPerPeriod: number;
  /** Whether a period's unused credits stay after it ends (default: they expire at the period end). */
  creditsRollOver: boolean;
  /** What an upgrade to this tier grants mid-period: the extra credits for the rest of the period, or all of them. */
  upgradeCredits: 'prorated' | 'full';
  prices: { interval: BillingInterval; currency: string; unitAmount: number }[];
}

export interface CreditPack {
  id: string;
  credits: number;
  currency: string;
  unitAmount: number;
}

/** Any number of credits within bounds, priced per 1,000 (rounded once, half away from zero). */
export interface CustomCredits {
  minCredits: number;
  maxCredits: number;
  currency: string;
  unitAmountPer1000: number;
}

export interface Plan {
  id: string;
  name: string;
  kind: PlanKind;
  /** Max users on this plan; null when seats are bought per subscription. */
  seatLimit: number | null;
  prices: PlanPrice[];
  tiers: PlanTier[];
  creditPacks: CreditPack[];
  /** Set when the plan also sells an amount of the buyer's choosing. */
  customCredits: CustomCredits | null;
}

export interface PlanCatalog {
  version: number;
  plans: Plan[];
}

/** A workspace's max users: the seats it bought, else its plan's limit. */
export function maxUsersFor(plan: Plan, seatsBought: number | null): number {
  if (seatsBought !== null) return seatsBought;
  if (plan.seatLimit !== null) return plan.seatLimit;
  return 1;
}
