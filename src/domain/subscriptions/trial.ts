// Trials: the trial a catalog plan or tier offers, the one-trial-per-plan rule, the trial's period (whole days from
// its start on the workspace's clock) and the moment its end is announced (3 days before, or at once if shorter).
import { Temporal } from 'temporal-polyfill';
import type { PlanCatalog } from '../plans/plan.ts';
import type { BillingPeriod } from './billing-period.ts';
import type { Subscription } from './subscription.ts';

export interface TrialOffer {
  days: number;
  requiresCard: boolean;
}

/** How long before its end a trial's end is announced (`subscription.trial_will_end`, an email). */
export const trialEndNoticeDays = 3;

/** The catalog's trial for a plan and tier: the tier's own days and card rule, else the plan's; null: none. */
export function trialOfferOf(catalog: PlanCatalog, planId: string, tierId: string | null): TrialOffer | null {
  const plan = catalog.plans.find((p) => p.id === planId);
  if (plan?.kind !== 'subscription') return null;
  const tier = tierId ? plan.tiers.find((t) => t.id === tierId) : undefined;
  const days = tier?.trialDays ?? plan.trialDays;
  if (days === null) return null;
  return { days, requiresCard: tier?.trialRequiresCard ?? plan.trialRequiresCard };
}

/** One trial per workspace per plan: the offer stands only if the workspace never trialed the plan. */
export function trialFor(
  offer: TrialOffer | null,
  planId: string,
  trialedPlanIds: readonly string[],
): TrialOffer | null {
  return offer && !trialedPlanIds.includes(planId) ? offer : null;
}

/** The trial's period: from `start` to the same time of day `days` calendar days later (UTC). */
export function trialPeriod(start: Temporal.Instant, days: number): BillingPeriod {
  if (!Number.isInteger(days) || days < 1) throw new RangeError('a trial lasts a whole number of days, at least 1');
  return { start, end: start.toZonedDateTimeISO('UTC').add({ days }).toInstant() };
}

/** When the trial's end is announced: 3 days before it, never before the trial starts. */
export function trialEndNoticeAt(period: BillingPeriod): Temporal.Instant {
  const notice = period.end.subtract({ hours: 24 * trialEndNoticeDays });
  return Temporal.Instant.compare(notice, period.start) < 0 ? period.start : notice;
}

/** Whether the subscription's current period is its trial (not the first paid period after it). */
export function isInTrialPeriod(subscription: Subscription): boolean {
  return (
    subscription.trial !== null &&
    subscription.currentPeriod.end.epochMilliseconds === subscription.trial.end.epochMilliseconds
  );
}
