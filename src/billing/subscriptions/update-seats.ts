// Update quantity (max users) on a per-seat subscription: more seats are prorated and charged now; fewer take
// effect at the renewal and may not go below the members and pending invites that hold a seat.
import { BillingError } from '../../domain/errors.ts';
import { assertSeatsWithinMax } from '../../domain/seats/seat-limit.ts';
import { assertSeatsCoverUsage } from '../../domain/subscriptions/plan-target.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type ChangeOutcome, carryOutChange } from './carry-out-change.ts';

/** `seats` sets the quantity; `add` buys that many more on top of the seats bought so far (two at once both count). */
export type SeatsRequest = { seats: number } | { add: number };

export function updateSeats(
  deps: BillingDeps,
  access: WorkspaceAccess,
  request: SeatsRequest,
  requestRef: string | null = null,
): Promise<ChangeOutcome> {
  return carryOutChange(
    deps,
    access,
    ({ subscription, usage, current }) => {
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
      const seats = 'seats' in request ? request.seats : (subscription.seats ?? 0) + current.pendingSeats + request.add;
      assertSeatsWithinMax(seats, 'seats' in request ? 'seats' : 'add');
      assertSeatsCoverUsage(seats, usage);
      return { kind: 'subscription', price: subscription.price, seats, trial: null };
    },
    requestRef,
  );
}
