// The choices of the plan selection flow, one per plan and one per Pro tier, with the price each asks per interval
// and the change request (plan, tier, interval, seats) that picking one sends.
import type { BillingInterval, Plan } from '../../api.ts';

type Tier = Plan['tiers'][number];

export interface PlanOption {
  /** "team", "pro:starter". */
  key: string;
  plan: Plan;
  tier: Tier | null;
  /** "Team", "Pro Starter". */
  name: string;
}

/** The body of POST …/subscription, and the query of its preview. */
export interface SubscriptionChange {
  plan: string;
  tier?: string;
  interval?: BillingInterval;
  seats?: number;
  /** A promotion code, when the change starts a subscription. */
  promotionCode?: string;
}

export function planOptions(plans: Plan[]): PlanOption[] {
  return plans.flatMap((plan): PlanOption[] =>
    plan.tiers.length > 0
      ? plan.tiers.map((tier) => ({ key: `${plan.id}:${tier.id}`, plan, tier, name: `${plan.name} ${tier.name}` }))
      : [{ key: plan.id, plan, tier: null, name: plan.name }],
  );
}

export function optionKey(plan: { id: string }, tier: { id: string } | null): string {
  return tier ? `${plan.id}:${tier.id}` : plan.id;
}

/** The price of one period (per seat when perSeat), or null when the option is not sold for that interval. */
export function optionPrice(
  option: PlanOption,
  interval: BillingInterval,
): { unitAmount: number; currency: string; perSeat: boolean } | null {
  if (option.tier) {
    const price = option.tier.prices.find((p) => p.interval === interval);
    return price ? { ...price, perSeat: false } : null;
  }
  return option.plan.prices.find((p) => p.interval === interval) ?? null;
}

/** Subscriptions are charged to a card; Free costs nothing and Flex only charges when credits are bought. */
export function isPaid(option: PlanOption): boolean {
  return option.plan.kind === 'subscription';
}

export function isPerSeat(option: PlanOption, interval: BillingInterval): boolean {
  return optionPrice(option, interval)?.perSeat ?? false;
}

export function changeFor(option: PlanOption, interval: BillingInterval, seats: number): SubscriptionChange {
  if (!isPaid(option)) return { plan: option.plan.id };
  return {
    plan: option.plan.id,
    ...(option.tier ? { tier: option.tier.id } : {}),
    interval,
    ...(isPerSeat(option, interval) ? { seats } : {}),
  };
}

/** The free trial the catalog offers on this choice (the tier's, else the plan's); null: none. */
export function optionTrial(option: PlanOption): { days: number; requiresCard: boolean } | null {
  const days = option.tier?.trialDays ?? option.plan.trialDays;
  if (option.plan.kind !== 'subscription' || days === null) return null;
  return { days, requiresCard: option.tier?.trialRequiresCard ?? option.plan.trialRequiresCard };
}
