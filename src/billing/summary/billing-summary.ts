// getBillingSummary: everything the Plan & Billing page shows, in one call (DESIGN.md section 4).

import { can } from '../../domain/access/permissions.ts';
import { toDate } from '../../domain/clock.ts';
import { seatsInUse } from '../../domain/seats/seat-limit.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { type CreditsSummary, creditsSummaryOf } from '../credits/credits-view.ts';
import type { BillingDeps } from '../deps.ts';
import { findPlan } from '../plans/catalog.ts';
import { loadSeatUsage } from '../seats/seat-usage.ts';
import { buyerTaxRate, nextChargeOf } from '../subscriptions/next-charge.ts';
import { type SubscriptionView, subscriptionView } from '../subscriptions/subscription-view.ts';
import { liveSubscription } from '../subscriptions/subscriptions.queries.ts';
import { onWorkspaceClock } from '../workspaces/workspace-clock.ts';
import { readSummaryBilling } from './billing-summary.queries.ts';

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
  // The plan, bought seats, the test clock and the default card in one round trip: this is the page's hottest read.
  const billing = await readSummaryBilling(deps.db, access.workspace.id);
  const workspaceDeps = onWorkspaceClock(deps, billing.testClockTime);
  const plan = findPlan(deps.catalog, billing.planId);
  const [seats, live] = await Promise.all([
    loadSeatUsage(deps.db, deps.catalog, access.workspace.id, billing, toDate(deps.clock.now())),
    liveSubscription(deps.db, access.workspace.id),
  ]);
  // A subscription waiting for its first payment is not in force yet: the page shows the plan it is on.
  const subscription = live && live.status !== 'incomplete' ? live : null;
  const view = subscription ? await subscriptionView(deps.db, deps.catalog, subscription) : null;
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
    nextCharge: subscription
      ? nextChargeOf(subscription, seatsInUse(seats), await buyerTaxRate(deps.db, deps, access.workspace.id))
      : null,
    credits: await creditsSummaryOf(workspaceDeps, {
      workspaceId: access.workspace.id,
      planId: billing.planId,
      subscription: live,
    }),
    paymentMethod: billing.card,
    permissions: {
      view: can(access.principal, 'billing:view', deps.access),
      manage: can(access.principal, 'billing:manage', deps.access),
    },
    testClock:
      billing.testClockId && billing.testClockTime
        ? { id: billing.testClockId, frozenTime: billing.testClockTime }
        : null,
  };
}
