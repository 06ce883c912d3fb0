// Counts a workspace's seats: active users (members), pending unexpired invites, and its max users.
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { maxUsersFor, type PlanCatalog } from '../../domain/plans/plan.ts';
import type { SeatGuidance, SeatUsage } from '../../domain/seats/seat-limit.ts';
import { findPlan } from '../plans/catalog.ts';
import type { WorkspaceBilling } from '../workspaces/workspace-billing.queries.ts';
import { countSeatHolders, countSeatHoldersOf } from './seat-usage.queries.ts';

type WorkspacePlan = Pick<WorkspaceBilling, 'planId' | 'maxUsers'>;

/** `now` is real time: invites expire in real time, whatever clock the workspace's billing reads. */
export async function loadSeatUsage(
  db: BillfoldDb | BillfoldTransaction,
  catalog: PlanCatalog,
  workspaceId: string,
  billing: WorkspacePlan,
  now: Date,
): Promise<SeatUsage> {
  const holders = await countSeatHolders(db, workspaceId, now);
  return {
    activeUsers: holders.members,
    pendingInvites: holders.pendingInvites,
    maxUsers: maxUsersFor(findPlan(catalog, billing.planId), billing.maxUsers),
  };
}

/** Several workspaces' seat usage (a batch of renewals), by workspace id; `now` is real time, as above. */
export async function loadSeatUsages(
  db: BillfoldDb | BillfoldTransaction,
  catalog: PlanCatalog,
  billings: readonly (WorkspacePlan & { workspaceId: string })[],
  now: Date,
): Promise<Map<string, SeatUsage>> {
  const holders = await countSeatHoldersOf(
    db,
    billings.map((billing) => billing.workspaceId),
    now,
  );
  return new Map(
    billings.map((billing) => {
      const counted = holders.get(billing.workspaceId) ?? { members: 0, pendingInvites: 0 };
      return [
        billing.workspaceId,
        {
          activeUsers: counted.members,
          pendingInvites: counted.pendingInvites,
          maxUsers: maxUsersFor(findPlan(catalog, billing.planId), billing.maxUsers),
        },
      ];
    }),
  );
}

/** What to tell someone who ran out of seats in this workspace. */
export function seatGuidanceFor(catalog: PlanCatalog, workspaceSlug: string, billing: WorkspacePlan): SeatGuidance {
  return {
    billingPath: `/w/${workspaceSlug}/billing`,
    seatsArePurchasable: findPlan(catalog, billing.planId).seatLimit === null,
  };
}
