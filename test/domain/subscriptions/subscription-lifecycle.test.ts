// The subscription's named transitions, driven the way billing drives them (a quote, then its transition; a
// paid change; the renewal; dunning; the end), by hand and as random sequences: one live subscription at a
// time, max users never below the plan's floor, and whatever is scheduled always told by the view.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { findPlan, loadPlanCatalog } from '../../../src/billing/plans/catalog.ts';
import { maxUsersFor } from '../../../src/domain/plans/plan.ts';
import { nextRenewal } from '../../../src/domain/subscriptions/next-renewal.ts';
import { planTargetFor } from '../../../src/domain/subscriptions/plan-target.ts';
import { type ChangeQuote, quoteChange } from '../../../src/domain/subscriptions/quote-change.ts';
import type { Subscription } from '../../../src/domain/subscriptions/subscription.ts';
import {
  abandon,
  applyPaidChange,
  cancelAtPeriodEnd,
  describeAtPeriodEnd,
  dropScheduledChange,
  end,
  markPastDue,
  recover,
  renew,
  resume,
  scheduleChange,
  subscribe,
  type Transition,
  terminate,
  type WorkspacePlan,
} from '../../../src/domain/subscriptions/subscription-lifecycle.ts';
import { priceFromCatalog } from '../../../src/domain/subscriptions/subscription-price.ts';

const catalog = loadPlanCatalog();
const at = (iso: string) => Temporal.Instant.from(iso);
const jan1 = at('2027-01-01T00:00:00Z');
const teamMonthly = priceFromCatalog(catalog, { plan: 'team', interval: 'month' });

function activeTeam(seats: number): Subscription {
  const period = { start: jan1, end: at('2027-02-01T00:00:00Z') };
  const created = subscribe({ id: 'sub_1', workspaceId: 'ws_1', price: teamMonthly, seats, period, now: jan1 });
  return applyPaidChange(created.subscription, { kind: 'subscribe' }).subscription;
}

describe('the period end, by hand', () => {
  it('a cancel laid on a seat decrease keeps it for Resume, and the renewal bills it', () => {
    const decreased = scheduleChange(activeTeam(5), { kind: 'change', price: teamMonthly, seats: 4 }).subscription;
    const canceled = cancelAtPeriodEnd(decreased);
    expect(canceled?.subscription.atPeriodEnd).toEqual({
      kind: 'cancel',
      keptForResume: { kind: 'change', price: teamMonthly, seats: 4 },
    });
    expect(canceled && nextRenewal(canceled.subscription, 1)).toBeNull();
    const resumed = canceled && resume(canceled.subscription);
    expect(resumed?.subscription.atPeriodEnd).toEqual(decreased.atPeriodEnd);
    expect(resumed && nextRenewal(resumed.subscription, 1)?.line.amount).toBe(4800);
  });

  it('a move to Flex is a scheduled switch: not a cancel, nothing to resume, and it ends on Flex', () => {
    const switching = scheduleChange(activeTeam(2), { kind: 'switch', planId: 'flex' }).subscription;
    expect(describeAtPeriodEnd(switching)).toMatchObject({ cancelAtPeriodEnd: false, activeUntil: null });
    expect(resume(switching)).toBeNull();
    expect(nextRenewal(switching, 1)).toBeNull();
    const ended = end(switching, at('2027-02-01T00:00:00Z'), 'canceled_at_period_end');
    expect(ended.workspacePlan).toEqual({ planId: 'flex', maxUsers: null });
    expect(ended.events).toEqual([{ type: 'subscription.canceled' }]);
    expect(ended.audit).toMatchObject({
      action: 'subscription.ended',
      after: { status: 'canceled', reason: 'canceled_at_period_end', planAfter: 'flex' },
    });
  });

  it('a cancel ends on Free; canceling twice is one cancel', () => {
    const canceled = cancelAtPeriodEnd(activeTeam(2));
    expect(canceled && cancelAtPeriodEnd(canceled.subscription)).toBeNull();
    expect(
      canceled && end(canceled.subscription, at('2027-02-01T00:00:00Z'), 'canceled_at_period_end').workspacePlan,
    ).toEqual({
      planId: 'free',
      maxUsers: null,
    });
  });

  it('buying seats drops a scheduled decrease of the same price, also one kept under a cancel', () => {
    const decreased = scheduleChange(activeTeam(5), { kind: 'change', price: teamMonthly, seats: 4 }).subscription;
    const canceled = cancelAtPeriodEnd(decreased)?.subscription;
    if (!canceled) throw new Error('expected a cancel');
    const bought = applyPaidChange(canceled, { kind: 'add_seats', seats: 2 });
    expect(bought.subscription).toMatchObject({ seats: 7, atPeriodEnd: { kind: 'cancel', keptForResume: null } });
    expect(bought.workspacePlan).toEqual({ planId: 'team', maxUsers: 7 });
  });
});

/** A workspace driven only through the transitions, as billing drives them. */
interface Model {
  subscriptions: Subscription[];
  plan: WorkspacePlan;
  now: Temporal.Instant;
}

type Step =
  | { kind: 'choose'; plan: string; tier: string | null; interval: 'month' | 'year'; seats: number | undefined }
  | { kind: 'cancel' }
  | { kind: 'resume' }
  | { kind: 'decline_first_payment' }
  | { kind: 'period_end'; pays: boolean }
  | { kind: 'last_retry_fails' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('choose' as const),
    plan: fc.constantFrom('free', 'flex', 'team', 'pro'),
    tier: fc.constantFrom('starter', 'growth', null),
    interval: fc.constantFrom('month' as const, 'year' as const),
    seats: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  }),
  fc.constant({ kind: 'cancel' as const }),
  fc.constant({ kind: 'resume' as const }),
  fc.constant({ kind: 'decline_first_payment' as const }),
  fc.record({ kind: fc.constant('period_end' as const), pays: fc.boolean() }),
  fc.constant({ kind: 'last_retry_fails' as const }),
);

const usage = { activeUsers: 1, pendingInvites: 0 };

function live(model: Model): Subscription | null {
  return model.subscriptions.find((s) => s.status !== 'canceled') ?? null;
}

function apply(model: Model, transition: Transition, isNew = false): void {
  const { subscription } = transition;
  model.subscriptions = isNew
    ? [...model.subscriptions, subscription]
    : model.subscriptions.map((s) => (s.id === subscription.id ? subscription : s));
  if (transition.workspacePlan) model.plan = transition.workspacePlan;
}

function carryOut(model: Model, quote: ChangeQuote): void {
  const subscription = live(model);
  if (quote.effect === 'unchanged') {
    if (quote.dropsScheduledChange && subscription) apply(model, dropScheduledChange(subscription));
    return;
  }
  if (quote.effect === 'period_end') {
    if (!subscription) throw new Error('a change for the period end needs a subscription');
    const transition =
      quote.kind === 'cancel' ? cancelAtPeriodEnd(subscription) : scheduleChange(subscription, quote.change);
    if (transition) apply(model, transition);
    return;
  }
  if (quote.kind === 'switch_plan') {
    model.plan = { planId: quote.planId, maxUsers: null };
    return;
  }
  if (quote.kind === 'start_trial' || quote.kind === 'trial_change') {
    throw new Error('this model has used every trial (trials have their own properties in trial.test.ts)');
  }
  if (quote.kind === 'subscribe') {
    const created = subscribe({
      id: `sub_${model.subscriptions.length + 1}`,
      workspaceId: 'ws_1',
      price: quote.price,
      seats: quote.seats,
      period: quote.period,
      now: model.now,
    });
    apply(model, created, true);
    apply(model, applyPaidChange(created.subscription, { kind: 'subscribe' }));
    return;
  }
  if (!subscription || subscription.status === 'past_due') return; // billing refuses charging a past-due plan
  const change =
    quote.kind === 'add_seats'
      ? ({ kind: 'add_seats', seats: quote.addedSeats } as const)
      : ({
          kind: 'change_plan',
          price: quote.price,
          seats: quote.seats,
          newAnchor: quote.newAnchor?.toString() ?? null,
        } as const);
  apply(model, applyPaidChange(subscription, change));
}

const everyPlanId = catalog.plans.map((plan) => plan.id);

function run(model: Model, s: Step): void {
  const subscription = live(model);
  switch (s.kind) {
    case 'choose': {
      if (subscription && model.now.epochMilliseconds >= subscription.currentPeriod.end.epochMilliseconds) return;
      let target: ReturnType<typeof planTargetFor>;
      try {
        const maxUsers = maxUsersFor(findPlan(catalog, model.plan.planId), model.plan.maxUsers);
        target = planTargetFor(
          catalog,
          {
            plan: s.plan,
            tier: s.plan === 'pro' ? (s.tier ?? 'starter') : null,
            interval: s.interval,
            seats: s.plan === 'team' ? s.seats : undefined,
          },
          subscription,
          { ...usage, maxUsers },
        );
      } catch {
        return; // a choice the catalog refuses changes nothing
      }
      // Every plan counts as trialed here: this model is of charged subscriptions (trial.test.ts models trials).
      const current = { planId: model.plan.planId, subscription, pendingSeats: 0, trialedPlanIds: everyPlanId };
      carryOut(model, quoteChange(current, target, model.now));
      return;
    }
    case 'cancel': {
      const transition = subscription && subscription.status !== 'incomplete' ? cancelAtPeriodEnd(subscription) : null;
      if (transition) apply(model, transition);
      return;
    }
    case 'resume': {
      const transition = subscription ? resume(subscription) : null;
      if (transition) apply(model, transition);
      return;
    }
    case 'decline_first_payment': {
      // A subscribe whose first charge is declined never starts.
      const price = priceFromCatalog(catalog, { plan: 'team', interval: 'month' });
      if (subscription) return;
      const period = { start: model.now, end: model.now.add({ hours: 24 * 30 }) };
      const created = subscribe({
        id: `sub_${model.subscriptions.length + 1}`,
        workspaceId: 'ws_1',
        price,
        seats: 2,
        period,
        now: model.now,
      });
      apply(model, created, true);
      apply(model, abandon(created.subscription, model.now));
      return;
    }
    case 'period_end': {
      if (!subscription || (subscription.status !== 'active' && subscription.status !== 'trialing')) return;
      model.now = subscription.currentPeriod.end;
      const renewal = nextRenewal(subscription, usage.activeUsers + usage.pendingInvites);
      if (!renewal) {
        apply(model, end(subscription, model.now, 'canceled_at_period_end'));
        return;
      }
      const renewed = renew(subscription, renewal, `inv_${model.now.epochMilliseconds}`);
      apply(model, renewed);
      apply(
        model,
        s.pays
          ? recover(renewed.subscription)
          : markPastDue(renewed.subscription, {
              now: model.now,
              firstRetryAt: null,
              reason: 'payment_failed',
              invoiceId: 'inv',
            }),
      );
      return;
    }
    case 'last_retry_fails':
      if (subscription?.status === 'past_due') apply(model, end(subscription, model.now, 'payment_failed'));
      return;
  }
}

describe('any sequence of transitions', () => {
  it('keeps one live subscription, max users at or above the floor, and the schedule visible', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const model: Model = { subscriptions: [], plan: { planId: 'free', maxUsers: null }, now: jan1 };
        for (const s of steps) {
          run(model, s);
          expect(model.subscriptions.filter((x) => x.status !== 'canceled').length).toBeLessThanOrEqual(1);
          const subscription = live(model);
          const plan = catalog.plans.find((p) => p.id === model.plan.planId);
          expect(plan).toBeDefined();
          if (plan) expect(maxUsersFor(plan, model.plan.maxUsers)).toBeGreaterThanOrEqual(1);
          if (subscription && subscription.status !== 'incomplete') {
            // The workspace is on the plan it pays for, with the seats it bought.
            expect(model.plan.planId).toBe(subscription.price.planId);
            if (subscription.price.perSeat) expect(model.plan.maxUsers).toBe(subscription.seats);
            const told = describeAtPeriodEnd(subscription);
            const scheduled = subscription.atPeriodEnd;
            if (scheduled?.kind === 'cancel') {
              expect(told.cancelAtPeriodEnd).toBe(true);
              expect(told.scheduledChangeOnResume).toEqual(scheduled.keptForResume);
              expect(told.scheduledChange).toBeNull();
            } else {
              expect(told.cancelAtPeriodEnd).toBe(false);
              expect(told.scheduledChange).toEqual(scheduled);
            }
          }
          if (!subscription) expect(['free', 'flex']).toContain(model.plan.planId);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('cancel then resume leaves the period end as it was', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const model: Model = { subscriptions: [], plan: { planId: 'free', maxUsers: null }, now: jan1 };
        for (const s of steps) run(model, s);
        const subscription = live(model);
        if (!subscription || subscription.atPeriodEnd?.kind === 'cancel') return;
        const canceled = cancelAtPeriodEnd(subscription);
        const resumed = canceled && resume(canceled.subscription);
        expect(resumed?.subscription).toEqual(subscription);
      }),
      { numRuns: 300 },
    );
  });
});

describe('terminate (ended now by a billing manager)', () => {
  it('cancels now, moves the workspace to Free at once whatever was scheduled, and says where the refund goes', () => {
    const scheduled = cancelAtPeriodEnd(activeTeam(3));
    if (!scheduled) throw new Error('a cancel was expected');
    const now = at('2027-01-16T12:00:00Z');
    const ended = terminate(scheduled.subscription, now, { to: 'card', amount: 1800 });
    expect(ended.subscription).toMatchObject({ status: 'canceled', canceledAt: now, atPeriodEnd: null });
    expect(ended.workspacePlan).toEqual({ planId: 'free', maxUsers: null });
    expect(ended.events).toEqual([{ type: 'subscription.canceled' }]);
    expect(ended.audit).toMatchObject({
      action: 'subscription.terminated',
      after: { status: 'canceled', planAfter: 'free', refundTo: 'card', refundAmount: 1800 },
    });
  });
});
