// Trial rules, worked by hand and as properties: a trial ends trialDays calendar days after it starts on the
// workspace's clock, its end is announced 3 days before (never before it starts), one trial per plan, the first paid
// period starts at the trial's end and is billed in full, and only the trialed plan's prices change during a trial.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { loadPlanCatalog } from '../../../src/billing/plans/catalog.ts';
import { BillingError } from '../../../src/domain/errors.ts';
import type { PlanCatalog } from '../../../src/domain/plans/plan.ts';
import { nextRenewal } from '../../../src/domain/subscriptions/next-renewal.ts';
import { type CurrentBilling, quoteChange } from '../../../src/domain/subscriptions/quote-change.ts';
import {
  announceTrialEnd,
  cancelAtPeriodEnd,
  changeDuringTrial,
  markPastDue,
  recover,
  renew,
  startTrial,
} from '../../../src/domain/subscriptions/subscription-lifecycle.ts';
import { priceFromCatalog } from '../../../src/domain/subscriptions/subscription-price.ts';
import {
  isInTrialPeriod,
  trialEndNoticeAt,
  trialFor,
  trialOfferOf,
  trialPeriod,
} from '../../../src/domain/subscriptions/trial.ts';

const demo = loadPlanCatalog();
/** The demo catalog with a 14-day trial on Team too (the hand-worked figures are Team's). */
const catalog: PlanCatalog = {
  ...demo,
  plans: demo.plans.map((plan) => (plan.id === 'team' ? { ...plan, trialDays: 14, trialRequiresCard: true } : plan)),
};
const teamMonthly = priceFromCatalog(catalog, { plan: 'team', interval: 'month' });
const teamYearly = priceFromCatalog(catalog, { plan: 'team', interval: 'year' });
const growth = priceFromCatalog(catalog, { plan: 'pro', tier: 'growth', interval: 'month' });
const starter = priceFromCatalog(catalog, { plan: 'pro', tier: 'starter', interval: 'month' });
const at = (iso: string) => Temporal.Instant.from(iso);
const teamTrial = { days: 14, requiresCard: true };
const noOne: CurrentBilling = { planId: 'free', subscription: null, pendingSeats: 0, trialedPlanIds: [] };

function trialOfTeam(now: Temporal.Instant, seats = 3) {
  return startTrial({ id: 'sub_1', workspaceId: 'ws_1', price: teamMonthly, seats, trialDays: 14, now }).subscription;
}

/** Any instant from 2020 to 2100, to the millisecond. */
const instants = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => Temporal.Instant.fromEpochMilliseconds(ms));

describe('the catalog offers', () => {
  it("the demo catalog's Pro Growth has a 14-day trial needing a card; Team, Starter, Free and Flex have none", () => {
    expect(trialOfferOf(demo, 'pro', 'growth')).toEqual({ days: 14, requiresCard: true });
    expect(trialOfferOf(demo, 'pro', 'starter')).toBeNull();
    expect(trialOfferOf(demo, 'team', null)).toBeNull();
    expect(trialOfferOf(demo, 'free', null)).toBeNull();
    expect(trialOfferOf(demo, 'flex', null)).toBeNull();
  });

  it("a tier without its own trial takes the plan's", () => {
    const withPlanTrial: PlanCatalog = {
      ...demo,
      plans: demo.plans.map((p) => (p.id === 'pro' ? { ...p, trialDays: 7, trialRequiresCard: false } : p)),
    };
    expect(trialOfferOf(withPlanTrial, 'pro', 'starter')).toEqual({ days: 7, requiresCard: false });
    expect(trialOfferOf(withPlanTrial, 'pro', 'growth')).toEqual({ days: 14, requiresCard: true });
  });
});

describe('the trial period', () => {
  it('Team from Apr 1 00:00: ends Apr 15 00:00, announced Apr 12 00:00 (day 11), then $12 × 3 = $36.00', () => {
    const subscription = trialOfTeam(at('2027-04-01T00:00:00Z'));
    expect(subscription.status).toBe('trialing');
    expect(subscription.currentPeriod.end.toString()).toBe('2027-04-15T00:00:00Z');
    expect(trialEndNoticeAt(subscription.currentPeriod).toString()).toBe('2027-04-12T00:00:00Z');
    const renewal = nextRenewal(subscription, 3);
    expect(renewal?.line).toMatchObject({ quantity: 3, unitAmount: 1200, amount: 3600, proration: false });
    // The first paid month is Apr 15 – May 15, counted from the trial's end.
    expect(renewal?.period.start.toString()).toBe('2027-04-15T00:00:00Z');
    expect(renewal?.period.end.toString()).toBe('2027-05-15T00:00:00Z');
  });

  it('ends exactly trialDays × 24 hours after it starts (UTC has no daylight saving), announced 3 days before', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 730 }), (start, days) => {
        const period = trialPeriod(start, days);
        expect(period.end.epochMilliseconds - start.epochMilliseconds).toBe(days * 86_400_000);
        const notice = trialEndNoticeAt(period);
        const expected = Math.max(start.epochMilliseconds, period.end.epochMilliseconds - 3 * 86_400_000);
        expect(notice.epochMilliseconds).toBe(expected);
      }),
    );
  });

  it('a trial of no days or a part of a day is refused', () => {
    for (const days of [0, -1, 1.5]) expect(() => trialPeriod(at('2027-04-01T00:00:00Z'), days)).toThrow(RangeError);
  });

  it('the first paid period starts at the trial end and bills the whole period at the seats then', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom(teamMonthly, teamYearly),
        (start, days, seats, price) => {
          const { subscription } = startTrial({ id: 's', workspaceId: 'w', price, seats, trialDays: days, now: start });
          const renewal = nextRenewal(subscription, 0);
          if (!renewal) throw new Error('a trial renews into its first period');
          expect(renewal.period.start.epochMilliseconds).toBe(subscription.currentPeriod.end.epochMilliseconds);
          expect(renewal.periodIndex).toBe(0);
          expect(renewal.line.amount).toBe(price.unitAmount * seats);
          // Once renewed, the period is no longer the trial, and the next renewal counts from the new anchor.
          const renewed = renew(subscription, renewal, 'inv_1').subscription;
          expect(isInTrialPeriod(renewed)).toBe(false);
          expect(nextRenewal(renewed, 0)?.periodIndex).toBe(1);
        },
      ),
    );
  });
});

describe('one trial per plan', () => {
  it('a plan trialed before is offered no trial; other plans still are', () => {
    fc.assert(
      fc.property(fc.subarray(['team', 'pro', 'flex', 'free']), fc.constantFrom('team', 'pro'), (trialed, planId) => {
        const offered = trialFor(teamTrial, planId, trialed);
        expect(offered === null).toBe(trialed.includes(planId));
      }),
    );
  });

  it('subscribing to Team again after its trial is charged now, for a whole period', () => {
    const now = at('2027-06-01T00:00:00Z');
    const target = { kind: 'subscription' as const, price: teamMonthly, seats: 3, trial: teamTrial };
    expect(quoteChange(noOne, target, now)).toMatchObject({ kind: 'start_trial', seats: 3 });
    const again = quoteChange({ ...noOne, trialedPlanIds: ['team'] }, target, now);
    expect(again).toMatchObject({ effect: 'now', kind: 'subscribe' });
    expect('lines' in again && again.lines.map((l) => l.amount)).toEqual([3600]);
  });
});

describe('during the trial', () => {
  const trialing = trialOfTeam(at('2027-04-01T00:00:00Z'));
  const current: CurrentBilling = { planId: 'team', subscription: trialing, pendingSeats: 0, trialedPlanIds: [] };
  const mid = at('2027-04-05T00:00:00Z');

  it('seats change at once, charged nothing; another plan is refused with a 409 naming the trial end', () => {
    const more = quoteChange(current, { kind: 'subscription', price: teamMonthly, seats: 5, trial: null }, mid);
    expect(more).toEqual({ effect: 'now', kind: 'trial_change', price: teamMonthly, seats: 5 });
    let refused: unknown;
    try {
      quoteChange(current, { kind: 'subscription', price: growth, seats: null, trial: null }, mid);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(BillingError);
    expect((refused as BillingError).code).toBe('subscription_conflict');
    expect((refused as BillingError).message).toContain('trial runs until 2027-04-15');
  });

  it('a Pro trial may change tier: Growth → Starter at once, free, the trial end unchanged', () => {
    const pro = startTrial({ id: 's', workspaceId: 'w', price: growth, seats: null, trialDays: 14, now: mid });
    const proCurrent = { ...current, planId: 'pro', subscription: pro.subscription };
    const quote = quoteChange(proCurrent, { kind: 'subscription', price: starter, seats: null, trial: null }, mid);
    expect(quote).toMatchObject({ effect: 'now', kind: 'trial_change', price: { tierId: 'starter' } });
  });

  it('cancel ends it at the trial end: no renewal, nothing billed, even if the seats change afterwards', () => {
    const canceled = cancelAtPeriodEnd(trialing)?.subscription;
    if (!canceled) throw new Error('a trial can be canceled');
    expect(nextRenewal(canceled, 3)).toBeNull();
    const moreSeats = changeDuringTrial(canceled, teamMonthly, 5).subscription;
    expect(moreSeats.seats).toBe(5);
    expect(nextRenewal(moreSeats, 3)).toBeNull();
  });

  it('its end is announced once', () => {
    const announced = announceTrialEnd(trialing);
    expect(announced?.events).toEqual([{ type: 'subscription.trial_will_end' }]);
    expect(announced && announceTrialEnd(announced.subscription)).toBeNull();
  });

  it('the first period paid makes it active; declined, past due', () => {
    const renewal = nextRenewal(trialing, 3);
    if (!renewal) throw new Error('a trial renews');
    const invoiced = renew(trialing, renewal, 'inv_1').subscription;
    expect(invoiced.status).toBe('trialing');
    const paid = recover(invoiced);
    expect(paid.subscription.status).toBe('active');
    expect(paid.events).toEqual([{ type: 'subscription.updated' }]);
    const declined = markPastDue(invoiced, {
      now: renewal.period.start,
      firstRetryAt: null,
      reason: 'payment_failed',
      invoiceId: 'inv_1',
    });
    expect(declined.subscription.status).toBe('past_due');
  });
});
