// The seat rule: members plus pending invites may never exceed the workspace's max users.
import { BillingError } from '../errors.ts';

export interface SeatUsage {
  activeUsers: number;
  pendingInvites: number;
  maxUsers: number;
}

export function seatsInUse(usage: SeatUsage): number {
  return usage.activeUsers + usage.pendingInvites;
}

/** Refuses taking one more seat (a new invite) when every seat is already used by a member or an invite. */
export function assertSeatAvailable(usage: SeatUsage, billingPath: string): void {
  if (seatsInUse(usage) + 1 <= usage.maxUsers) return;
  throw new BillingError(
    'seat_limit_reached',
    `All ${usage.maxUsers} seats are in use (${describeUsage(usage)}). ` +
      `Add seats under Update quantity on the Plan & Billing page (${billingPath}), or revoke a pending invite.`,
  );
}

/** Accepting converts the invite's own seat into a member; it only fails if the workspace is already over its limit. */
export function assertInviteCanBeAccepted(usage: SeatUsage, billingPath: string): void {
  if (seatsInUse(usage) <= usage.maxUsers) return;
  throw new BillingError(
    'seat_limit_reached',
    `This workspace is over its ${usage.maxUsers} seats (${describeUsage(usage)}). ` +
      `Ask a billing manager to add seats on the Plan & Billing page (${billingPath}).`,
  );
}

function describeUsage(usage: SeatUsage): string {
  const members = `${usage.activeUsers} ${usage.activeUsers === 1 ? 'member' : 'members'}`;
  const invites = `${usage.pendingInvites} pending ${usage.pendingInvites === 1 ? 'invite' : 'invites'}`;
  return `${members}, ${invites}`;
}
