// The plan catalog's shape (DESIGN.md section 4, GET /v1/plans), the seat limit it sets and the largest charge it
// can make.
import { maxSeatsPerSubscription } from '../seats/seat-limit.ts';

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
  /** `creditsPerPeriod`: what one period at this price grants (a yearly price: a year's worth). */
  prices: { interval: BillingInterval; currency: string; unitAmount: number; creditsPerPeriod: number }[];
  /** Days of free trial a first subscription to this tier starts with (null: the plan's, if any). */
  trialDays: number | null;
  /** Whether the trial needs a card on file before it starts (null: the plan's). */
  trialRequiresCard: boolean | null;
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
  /** Days of free trial a workspace's first subscription to this plan starts with; null: none. */
  trialDays: number | null;
  /** Whether the trial needs a card on file before it starts. */
  trialRequiresCard: boolean;
  /**
   * What a downgrade or seat decrease of its subscriptions does: wait for the period end (the default), or happen at
   * once with the unused time credited to the customer balance (docs/decisions/023).
   */
  downgrade: DowngradePolicy;
}

export type DowngradePolicy = 'period_end' | 'immediate_credit';

export interface PlanCatalog {
  version: number;
  plans: Plan[];
}

/**
 * The largest charge one invoice of this plan can carry before tax: a whole period at the most seats a subscription
 * may hold, the dearest credit pack, or the most custom credits.
 */
export function largestChargeOf(plan: Plan): number {
  const periods = [
    ...plan.prices.map((price) => price.unitAmount * (price.perSeat ? maxSeatsPerSubscription : 1)),
    ...plan.tiers.flatMap((tier) => tier.prices.map((price) => price.unitAmount)),
  ];
  const packs = plan.creditPacks.map((pack) => pack.unitAmount);
  const custom = plan.customCredits
    ? [(plan.customCredits.maxCredits * plan.customCredits.unitAmountPer1000) / 1000]
    : [];
  return Math.max(0, ...periods, ...packs, ...custom);
}

/** A workspace's max users: the seats it bought, else its plan's limit. */
export function maxUsersFor(plan: Plan, seatsBought: number | null): number {
  if (seatsBought !== null) return seatsBought;
  if (plan.seatLimit !== null) return plan.seatLimit;
  return 1;
}
