// getBillingSummary: everything the Plan & Billing page shows, in one call (DESIGN.md section 4).

import { can } from '../../domain/access/permissions.ts';
import { fixedClock, toDate } from '../../domain/clock.ts';
import { seatsInUse } from '../../domain/seats/seat-limit.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { type CreditsSummary, creditsSummaryOf } from '../credits/credits-view.ts';
import type { BillingDeps } from '../deps.ts';
import { findPlan } from '../plans/catalog.ts';
import { loadSeatUsage } from '../seats/seat-usage.ts';
import { instantOf, liveSubscription } from '../subscriptions/live-subscription.ts';
import { nextChargeOf } from '../subscriptions/next-renewal.ts';
import { type SubscriptionView, subscriptionView } from '../subscriptions/subscription-view.ts';

export interface BillingSummary {
  workspace: { id: string; slug: string; name: string };
  plan: { id: string; name: string; tier: { id: string; name: string } | null; interval: 'month' | 'year' | null };
  subscription: SubscriptionView | null;
  seats: { activeUsers: number; pendingInvites: number; maxUsers: number };
  nextCharge: { amount: number; currency: string; date: Date } | null;
  credits: CreditsSummary | null;
  paymentMethod: { id: string; brand: string; last4: string; expMonth: number; expYear: number } | null;
  permissions: { view: boolean; manage: boolean };
  /** Test mode: the clock this workspace's billing reads, when one is attached. */
  testClock: { id: string; frozenTime: Date } | null;
}

export async function getBillingSummary(deps: BillingDeps, access: WorkspaceAccess): Promise<BillingSummary> {
  // The plan, bought seats and the default card in one round trip: this is the page's hottest read.
  const billing = await deps.db
    .selectFrom('workspace_billing')
    .leftJoin('payment_method', 'payment_method.id', 'workspace_billing.default_payment_method_id')
    .select([
      'workspace_billing.plan_id',
      'workspace_billing.max_users',
      'workspace_billing.test_clock_id',
      'payment_method.id as card_id',
      'payment_method.brand',
      'payment_method.last4',
      'payment_method.exp_month',
      'payment_method.exp_year',
    ])
    .where('workspace_billing.workspace_id', '=', access.workspace.id)
    .executeTakeFirstOrThrow();
  const plan = findPlan(deps.catalog, billing.plan_id);
  const [seats, live, testClock] = await Promise.all([
    loadSeatUsage(deps.db, deps.catalog, access.workspace.id, billing, toDate(deps.clock.now())),
    liveSubscription(deps.db, access.workspace.id),
    billing.test_clock_id
      ? deps.db
          .selectFrom('test_clock')
          .select(['id', 'frozen_time'])
          .where('id', '=', billing.test_clock_id)
          .executeTakeFirst()
      : undefined,
  ]);
  // A subscription waiting for its first payment is not in force yet: the page shows the plan it is on.
  const subscription = live && live.status !== 'incomplete' ? live : undefined;
  const view = subscription ? await subscriptionView(deps.db, subscription) : null;
  return {
    workspace: access.workspace,
    plan: {
      id: plan.id,
      name: plan.name,
      tier: view?.tier ?? null,
      interval: view?.interval ?? null,
    },
    subscription: view,
    seats,
    nextCharge: subscription ? await nextChargeOf(deps.db, deps, subscription, seatsInUse(seats)) : null,
    credits: await creditsSummaryOf(
      testClock ? { ...deps, clock: fixedClock(instantOf(testClock.frozen_time)) } : deps,
      { workspaceId: access.workspace.id, planId: billing.plan_id, subscription: live },
    ),
    paymentMethod:
      billing.card_id && billing.brand && billing.last4 && billing.exp_month && billing.exp_year
        ? {
            id: billing.card_id,
            brand: billing.brand,
            last4: billing.last4,
            expMonth: billing.exp_month,
            expYear: billing.exp_year,
          }
        : null,
    permissions: {
      view: can(access.principal, 'billing:view', deps.access),
      manage: can(access.principal, 'billing:manage', deps.access),
    },
    testClock: testClock ? { id: testClock.id, frozenTime: testClock.frozen_time } : null,
  };
}
