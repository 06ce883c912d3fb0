// The price a subscription is bought at: a snapshot of one catalog price (plan, tier, interval), kept on the
// subscription so a later catalog change never reaches it; and the amount one period of it costs.
import { BillingError } from '../errors.ts';
import type { BillingInterval, PlanCatalog } from '../plans/plan.ts';

export interface SubscriptionPrice {
  planId: string;
  planName: string;
  tierId: string | null;
  tierName: string | null;
  interval: BillingInterval;
  currency: string;
  /** Minor units per period; per seat when perSeat. */
  unitAmount: number;
  perSeat: boolean;
  creditsPerPeriod: number;
  /** Absent on prices sold before credits existed: read as false (a period's credits expire at its end). */
  creditsRollOver?: boolean;
  /** Absent on prices sold before credits existed: read as 'prorated'. */
  upgradeCredits?: 'prorated' | 'full';
  catalogVersion: number;
}

export interface PlanChoice {
  plan: string;
  tier?: string | null;
  interval: BillingInterval;
}

/** The catalog's price for a plan choice; a choice the catalog does not sell is refused naming the field. */
export function priceFromCatalog(catalog: PlanCatalog, choice: PlanChoice): SubscriptionPrice {
  const plan = catalog.plans.find((p) => p.id === choice.plan);
  if (!plan) throw invalidChoice('plan', `There is no plan "${choice.plan}".`);
  if (plan.kind !== 'subscription') {
    throw invalidChoice('plan', `${plan.name} is not a subscription plan.`);
  }
  if (plan.tiers.length > 0) {
    const tier = plan.tiers.find((t) => t.id === choice.tier);
    if (!tier) {
      throw invalidChoice('tier', `Choose a tier of ${plan.name}: ${plan.tiers.map((t) => t.id).join(', ')}.`);
    }
    const price = tier.prices.find((p) => p.interval === choice.interval);
    if (!price) throw invalidChoice('interval', `${plan.name} ${tier.name} is not sold ${choice.interval}ly.`);
    return {
      planId: plan.id,
      planName: plan.name,
      tierId: tier.id,
      tierName: tier.name,
      interval: choice.interval,
      currency: price.currency,
      unitAmount: price.unitAmount,
      perSeat: false,
      creditsPerPeriod: price.creditsPerPeriod,
      creditsRollOver: tier.creditsRollOver,
      upgradeCredits: tier.upgradeCredits,
      catalogVersion: catalog.version,
    };
  }
  if (choice.tier) throw invalidChoice('tier', `${plan.name} has no tiers.`);
  const price = plan.prices.find((p) => p.interval === choice.interval);
  if (!price) throw invalidChoice('interval', `${plan.name} is not sold ${choice.interval}ly.`);
  return {
    planId: plan.id,
    planName: plan.name,
    tierId: null,
    tierName: null,
    interval: choice.interval,
    currency: price.currency,
    unitAmount: price.unitAmount,
    perSeat: price.perSeat,
    creditsPerPeriod: 0,
    catalogVersion: catalog.version,
  };
}

/** How many units a period bills: the seats for a per-seat price, else one. */
export function billedQuantity(price: SubscriptionPrice, seats: number | null): number {
  return price.perSeat ? (seats ?? 1) : 1;
}

/** What one whole period costs before tax. */
export function periodAmount(price: SubscriptionPrice, seats: number | null): number {
  return price.unitAmount * billedQuantity(price, seats);
}

/** "Team (monthly)", "Pro Starter (yearly)". */
export function priceLabel(price: SubscriptionPrice): string {
  const name = price.tierName ? `${price.planName} ${price.tierName}` : price.planName;
  return `${name} (${price.interval === 'month' ? 'monthly' : 'yearly'})`;
}

export function samePrice(a: SubscriptionPrice, b: SubscriptionPrice): boolean {
  return a.planId === b.planId && a.tierId === b.tierId && a.interval === b.interval;
}

function invalidChoice(param: string, message: string): BillingError {
  return new BillingError('invalid_request', message, { param });
}
