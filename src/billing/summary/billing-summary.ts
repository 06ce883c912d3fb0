// getBillingSummary: everything the Plan & Billing page shows, in one call (DESIGN.md section 4).

import { can } from '../../domain/access/permissions.ts';
import { toDate } from '../../domain/clock.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { findDefaultPaymentMethod } from '../payment-methods/list-payment-methods.ts';
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
  const billing = await deps.db
    .selectFrom('workspace_billing')
    .select(['plan_id', 'max_users'])
    .where('workspace_id', '=', access.workspace.id)
    .executeTakeFirstOrThrow();
  const plan = findPlan(deps.catalog, billing.plan_id);
  const card = await findDefaultPaymentMethod(deps, access.workspace.id);
  const seats = await loadSeatUsage(deps.db, deps.catalog, access.workspace.id, billing, toDate(deps.clock.now()));
  return {
    workspace: access.workspace,
    plan: { id: plan.id, name: plan.name, tier: null, interval: null },
    // Subscriptions and credits arrive with their own issues; until then these are truly absent.
    subscription: null,
    seats,
    nextCharge: null,
    credits: null,
    paymentMethod: card
      ? { id: card.id, brand: card.brand, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year }
      : null,
    permissions: {
      view: can(access.principal, 'billing:view', deps.access),
      manage: can(access.principal, 'billing:manage', deps.access),
    },
  };
}
