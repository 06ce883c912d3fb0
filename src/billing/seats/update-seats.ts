// Update quantity (max users) on a per-seat subscription: more seats are prorated and charged now; fewer take
// effect at the renewal and may not go below the members and pending invites that hold a seat.
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type ChangeOutcome, carryOutChange } from '../subscriptions/carry-out-change.ts';
import { assertSeatsCoverUsage } from '../subscriptions/plan-target.ts';

export function updateSeats(deps: BillingDeps, access: WorkspaceAccess, seats: number): Promise<ChangeOutcome> {
  return carryOutChange(deps, access, ({ subscription, usage }) => {
    if (!subscription || subscription.status === 'incomplete') {
      throw new BillingError('no_subscription', 'Seats are bought with a paid plan: upgrade to Team first.');
    }
    if (!subscription.price.perSeat) {
      throw new BillingError(
        'subscription_conflict',
        `${subscription.price.planName} is not priced per seat; its user limit comes with the plan.`,
        { param: 'seats' },
      );
    }
    assertSeatsCoverUsage(seats, usage);
    return { kind: 'subscription', price: subscription.price, seats };
  });
}
