// Upgrade now or downgrade at the period end (decision 006): more money or more credits per period, or a longer
// interval, is immediate; anything else waits for the renewal.
import { describe, expect, it } from 'vitest';
import { loadPlanCatalog } from '../../../src/billing/plans/catalog.ts';
import { planChangeTiming } from '../../../src/domain/subscriptions/plan-change.ts';
import { priceFromCatalog } from '../../../src/domain/subscriptions/subscription-price.ts';

const catalog = loadPlanCatalog();
const team = (interval: 'month' | 'year', seats: number) => ({
  price: priceFromCatalog(catalog, { plan: 'team', interval }),
  seats,
});
const pro = (tier: string, interval: 'month' | 'year' = 'month') => ({
  price: priceFromCatalog(catalog, { plan: 'pro', tier, interval }),
  seats: null,
});

describe('planChangeTiming', () => {
  it.each([
    ['the same plan and seats', team('month', 3), team('month', 3), 'unchanged'],
    ['more Team seats', team('month', 3), team('month', 5), 'immediate'],
    ['fewer Team seats', team('month', 5), team('month', 3), 'at_period_end'],
    ['monthly → yearly', team('month', 3), team('year', 3), 'immediate'],
    ['yearly → monthly', team('year', 3), team('month', 3), 'at_period_end'],
    ['Pro Starter → Growth', pro('starter'), pro('growth'), 'immediate'],
    ['Pro Growth → Starter', pro('growth'), pro('starter'), 'at_period_end'],
    ['Team, 3 seats ($36) → Pro Starter ($49)', team('month', 3), pro('starter'), 'immediate'],
    ['Team, 5 seats ($60) → Pro Starter ($49)', team('month', 5), pro('starter'), 'at_period_end'],
    ['Pro Starter → Team, 5 seats ($60, but no credits)', pro('starter'), team('month', 5), 'immediate'],
  ] as const)('%s → %s', (_label, from, to, timing) => {
    expect(planChangeTiming(from, to)).toBe(timing);
  });
});
