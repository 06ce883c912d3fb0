// Subscribe or change plan (POST /v1/workspaces/:ws/subscription): upgrades are prorated and charged now,
// downgrades wait for the period end, Free cancels at the period end (DESIGN.md section 3, decision 006).

import { type PlanRequest, planTargetFor } from '../../domain/subscriptions/plan-target.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type ChangeOutcome, carryOutChange } from './carry-out-change.ts';

export function changeSubscription(
  deps: BillingDeps,
  access: WorkspaceAccess,
  request: PlanRequest,
  requestRef: string | null = null,
  promotionCode: string | null = null,
): Promise<ChangeOutcome> {
  return carryOutChange(
    deps,
    access,
    (context) => planTargetFor(deps.catalog, request, context.subscription, context.usage),
    requestRef,
    promotionCode,
  );
}
