// getBillingSummary: everything the Plan & Billing page shows, in one call (DESIGN.md section 4).

import { can } from '../../domain/access/permissions.ts';
import { toDate } from '../../domain/clock.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { findPlan } from '../plans/catalog.ts';
import { loadSeatUsage } from '../seats/seat-usage.ts';

export interface BillingSummary {
  workspace: { id: string; slug: string; name: string };
  plan: { id: string; name: string; tier: { id: string; name: string } | null; interval: 'month' | 'year' | null };
  subscription: null;
  seats: { activeUsers: number; pendingInvites: number; maxUsers: number };
  nextCharge: null;
  credits: null;
  paymentMethod: { id: string; brand: string; last4: string; expMonth: number; expYear: number } | null;
  permissions: { view: boolean; manage: boolean };
}

export async function getBillingSummary(deps: BillingDeps, access: WorkspaceAccess): Promise<BillingSummary> {
  // The plan, bought seats and the default card in one round trip: this is the page's hottest read.
  const billing = await deps.db
    .selectFrom('workspace_billing')
    .leftJoin('payment_method', 'payment_method.id', 'workspace_billing.default_payment_method_id')
    .select([
      'workspace_billing.plan_id',
      'workspace_billing.max_users',
      'payment_method.id as card_id',
      'payment_method.brand',
      'payment_method.last4',
      'payment_method.exp_month',
      'payment_method.exp_year',
    ])
    .where('workspace_billing.workspace_id', '=', access.workspace.id)
    .executeTakeFirstOrThrow();
  const plan = findPlan(deps.catalog, billing.plan_id);
  const seats = await loadSeatUsage(deps.db, deps.catalog, access.workspace.id, billing, toDate(deps.clock.now()));
  return {
    workspace: access.workspace,
    plan: { id: plan.id, name: plan.name, tier: null, interval: null },
    // Subscriptions and credits arrive with their own issues; until then these are truly absent.
    subscription: null,
    seats,
    nextCharge: null,
    credits: null,
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
  };
}
