// getBillingSummary: everything the Plan & Billing page shows, in one call (DESIGN.md section 4).

import { can } from '../../domain/access/permissions.ts';
import { toDate } from '../../domain/clock.ts';
import { discountAppliesTo, discountCovers } from '../../domain/discounts/discount.ts';
import { taxRateFor } from '../../domain/invoices/tax-rates.ts';
import { maxUsersFor } from '../../domain/plans/plan.ts';
import { seatsInUse } from '../../domain/seats/seat-limit.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { type CreditsSummary, creditsSummaryOf } from '../credits/credits-view.ts';
import type { BillingDeps } from '../deps.ts';
import { type DiscountView, discountView } from '../discounts/discount-view.ts';
import { findPlan } from '../plans/catalog.ts';
import { nextChargeOf } from '../subscriptions/next-charge.ts';
import { type SubscriptionView, subscriptionView } from '../subscriptions/subscription-view.ts';
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
  /** The subscription's discount (docs/decisions/021), shown while it lasts. */
  discount: DiscountView | null;
  permissions: { view: boolean; manage: boolean };
  /** Test mode: the clock this workspace's billing reads, when one is attached. */
  testClock: { id: string; frozenTime: Date } | null;
}

export async function getBillingSummary(deps: BillingDeps, access: WorkspaceAccess): Promise<BillingSummary> {
  // This is the page's hottest read: the plan, bought seats, test clock, card, seat holders, billing country, live
  // subscription with its discount and the credit wallet in one round trip; then, where they apply, a Flex
  // workspace's use this month and a past-due invoice, side by side.
  const billing = await readSummaryBilling(deps.db, access.workspace.id, toDate(deps.clock.now()));
  const live = billing.liveSubscription;
  const plan = findPlan(deps.catalog, billing.planId);
  const seats = {
    activeUsers: billing.members,
    pendingInvites: billing.pendingInvites,
    maxUsers: maxUsersFor(plan, billing.maxUsers),
  };
  // A subscription waiting for its first payment is not in force yet: the page shows the plan it is on.
  const subscription = live && live.status !== 'incomplete' ? live : null;
  const discount = subscription ? billing.liveDiscount : null;
  const [view, credits] = await Promise.all([
    subscription ? subscriptionView(deps.db, deps.catalog, subscription) : null,
    creditsSummaryOf(
      onWorkspaceClock(deps, billing.testClockTime),
      { workspaceId: access.workspace.id, planId: billing.planId, subscription: live },
      billing.creditAccount,
    ),
  ]);
  // Shown while it covers the current period on the current plan; one that lasted once is over after the first.
  const discountNow =
    discount &&
    subscription &&
    discountCovers(discount, subscription.currentPeriod.start) &&
    discountAppliesTo(discount, subscription.price.planId, subscription.price.currency)
      ? discount
      : null;
  const taxRate = taxRateFor(deps.invoicing.taxRates, billing.buyerCountry);
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
    nextCharge: subscription ? nextChargeOf(subscription, seatsInUse(seats), taxRate, discount) : null,
    credits,
    paymentMethod: billing.card,
    discount: discountNow && discountView(discountNow),
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
