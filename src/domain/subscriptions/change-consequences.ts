// What a change brings besides its price, told before it is confirmed: people over the new plan's user limit
// (they stay, but no invite can be sent until some are removed or the plan is upgraded) and credits that expire
// by the time the change takes effect.
import type { Temporal } from 'temporal-polyfill';
import { maxUsersFor, type PlanCatalog } from '../plans/plan.ts';
import { type SeatUsage, seatsInUse } from '../seats/seat-limit.ts';
import type { WorkspacePlan } from './subscription-lifecycle.ts';

export interface ChangeConsequences {
  membersOverLimit: { seatLimit: number; seatsInUse: number; activeUsers: number; pendingInvites: number } | null;
  creditsExpiring: { credits: number; at: Temporal.Instant } | null;
}

export function changeConsequences(input: {
  catalog: PlanCatalog;
  usage: SeatUsage;
  /** The workspace's plan once the change takes effect. */
  planAfter: WorkspacePlan;
  /** The wallet's open grants (epoch ms expiry, null: never). */
  openGrants: readonly { remaining: number; expiresAt: number | null }[];
  /** When the change takes effect, for a change at the period end; null for one made now. */
  takesEffectAt: Temporal.Instant | null;
}): ChangeConsequences {
  const plan = input.catalog.plans.find((p) => p.id === input.planAfter.planId);
  const seatLimit = plan ? maxUsersFor(plan, input.planAfter.maxUsers) : null;
  const used = seatsInUse(input.usage);
  const at = input.takesEffectAt;
  const expiring = at
    ? input.openGrants
        .filter((g) => g.expiresAt !== null && g.expiresAt <= at.epochMilliseconds)
        .reduce((sum, g) => sum + g.remaining, 0)
    : 0;
  return {
    membersOverLimit:
      seatLimit !== null && used > seatLimit
        ? {
            seatLimit,
            seatsInUse: used,
            activeUsers: input.usage.activeUsers,
            pendingInvites: input.usage.pendingInvites,
          }
        : null,
    creditsExpiring: at && expiring > 0 ? { credits: expiring, at } : null,
  };
}
