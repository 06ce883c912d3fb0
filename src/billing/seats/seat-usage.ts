// Counts a workspace's seats: active users (members), pending unexpired invites, and its max users.
import type { Kysely } from 'kysely';
import type { Database, WorkspaceBillingTable } from '../../db/tables.ts';
import { maxUsersFor, type PlanCatalog } from '../../domain/plans/plan.ts';
import type { SeatGuidance, SeatUsage } from '../../domain/seats/seat-limit.ts';
import { findPlan } from '../plans/catalog.ts';

type BillingRow = Pick<WorkspaceBillingTable, 'plan_id' | 'max_users'>;

export async function loadSeatUsage(
  db: Kysely<Database>,
  catalog: PlanCatalog,
  workspaceId: string,
  billing: BillingRow,
  now: Date,
): Promise<SeatUsage> {
  const [members, invites] = await Promise.all([
    db
      .selectFrom('member')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('organizationId', '=', workspaceId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('invitation')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('organizationId', '=', workspaceId)
      .where('status', '=', 'pending')
      .where('expiresAt', '>', now)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    activeUsers: Number(members.count),
    pendingInvites: Number(invites.count),
    maxUsers: maxUsersFor(findPlan(catalog, billing.plan_id), billing.max_users),
  };
}

/** What to tell someone who ran out of seats in this workspace. */
export function seatGuidanceFor(catalog: PlanCatalog, workspaceSlug: string, billing: BillingRow): SeatGuidance {
  return {
    billingPath: `/w/${workspaceSlug}/billing`,
    seatsArePurchasable: findPlan(catalog, billing.plan_id).seatLimit === null,
  };
}
