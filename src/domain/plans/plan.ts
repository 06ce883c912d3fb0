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
  prices: { interval: BillingInterval; currency: string; unitAmount: number }[];
}

export interface CreditPack {
  id: string;
  credits: number;
  currency: string;
  unitAmount: number;
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
