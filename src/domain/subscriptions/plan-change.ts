// Whether a plan change happens now or at the period end (docs/decisions/006): an upgrade (a longer interval,
// or a period that costs at least as much and costs or grants more) is immediate and prorated; anything else
// waits for the renewal, so an immediate change never leaves a negative invoice.
import { periodAmount, type SubscriptionPrice, samePrice } from './subscription-price.ts';

export interface PricedSeats {
  price: SubscriptionPrice;
  seats: number | null;
}

export type PlanChangeTiming = 'unchanged' | 'immediate' | 'at_period_end';

const monthsIn = { month: 1, year: 12 } as const;

export function planChangeTiming(current: PricedSeats, next: PricedSeats): PlanChangeTiming {
  if (samePrice(current.price, next.price) && current.seats === next.seats) return 'unchanged';
  const currentMonths = monthsIn[current.price.interval];
  const nextMonths = monthsIn[next.price.interval];
  if (nextMonths !== currentMonths) return nextMonths > currentMonths ? 'immediate' : 'at_period_end';
  const currentAmount = periodAmount(current.price, current.seats);
  const nextAmount = periodAmount(next.price, next.seats);
  const grows = nextAmount > currentAmount || next.price.creditsPerPeriod > current.price.creditsPerPeriod;
  return nextAmount >= currentAmount && grows ? 'immediate' : 'at_period_end';
}
