// Turns a "change plan" request ({plan, tier, interval, seats}) into a target the quote can price, checking it
// against the catalog and the seats in use. Staying on the current price keeps the subscription's own
// snapshot, so a catalog price change never reaches a running subscription.
import { BillingError } from '../errors.ts';
import type { BillingInterval, PlanCatalog } from '../plans/plan.ts';
import { type SeatUsage, seatsInUse } from '../seats/seat-limit.ts';
import type { PlanTarget } from './quote-change.ts';
import type { Subscription } from './subscription.ts';
import { priceFromCatalog, samePrice } from './subscription-price.ts';
import { trialOfferOf } from './trial.ts';

export interface PlanRequest {
  plan: string;
  tier?: string | null;
  interval?: BillingInterval;
  seats?: number;
}

export function planTargetFor(
  catalog: PlanCatalog,
  request: PlanRequest,
  subscription: Subscription | null,
  usage: SeatUsage,
): PlanTarget {
  const plan = catalog.plans.find((p) => p.id === request.plan);
  if (!plan) {
    throw new BillingError('invalid_request', `There is no plan "${request.plan}".`, { param: 'plan' });
  }
  const used = seatsInUse(usage);
  if (plan.kind !== 'subscription') {
    if (request.seats !== undefined) {
      throw new BillingError('invalid_request', `${plan.name} has a fixed limit of ${plan.seatLimit} users.`, {
        param: 'seats',
      });
    }
    return { kind: 'no_subscription', planId: plan.id };
  }

  const interval = request.interval ?? subscription?.price.interval ?? 'month';
  const catalogPrice = priceFromCatalog(catalog, { plan: plan.id, tier: request.tier ?? null, interval });
  const price = subscription && samePrice(subscription.price, catalogPrice) ? subscription.price : catalogPrice;
  const trial = trialOfferOf(catalog, plan.id, price.tierId);
  if (!price.perSeat) {
    if (request.seats !== undefined) {
      throw new BillingError(
        'invalid_request',
        `${plan.name} is not priced per seat; it includes up to ${plan.seatLimit ?? 'any number of'} users.`,
        { param: 'seats' },
      );
    }
    if (plan.seatLimit !== null && used > plan.seatLimit) {
      throw new BillingError(
        'seats_below_usage',
        `${plan.name} allows ${plan.seatLimit} users and ${used} seats are in use (members and pending invites).`,
        { param: 'plan' },
      );
    }
    return { kind: 'subscription', price, seats: null, trial };
  }
  const seats = request.seats ?? (subscription?.price.perSeat ? subscription.seats : null) ?? Math.max(used, 1);
  assertSeatsCoverUsage(seats, usage);
  return { kind: 'subscription', price, seats, trial };
}

/** Seats may not go below the members and pending invites that already hold one. */
export function assertSeatsCoverUsage(seats: number, usage: SeatUsage): void {
  const used = seatsInUse(usage);
  if (seats >= used) return;
  throw new BillingError(
    'seats_below_usage',
    `${used} seats are in use (${usage.activeUsers} members, ${usage.pendingInvites} pending invites): ` +
      `choose at least ${used}, or remove members or revoke invites first.`,
    { param: 'seats' },
  );
}
