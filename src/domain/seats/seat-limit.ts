// The seat rule: members plus pending invites may never exceed the workspace's max users.
import { BillingError } from '../errors.ts';

export interface SeatUsage {
  activeUsers: number;
  pendingInvites: number;
  maxUsers: number;
}

/** The most seats one subscription may hold; with the catalog's price bound it keeps a period's invoice bounded. */
export const maxSeatsPerSubscription = 10_000;

/** Refuses a quantity past maxSeatsPerSubscription (buying `add` more on top of the seats held counts the sum). */
export function assertSeatsWithinMax(seats: number, param: 'seats' | 'add'): void {
  if (seats <= maxSeatsPerSubscription) return;
  throw new BillingError(
    'invalid_request',
    `A subscription holds at most ${new Intl.NumberFormat('en-US').format(maxSeatsPerSubscription)} seats; this ` +
      `would make ${new Intl.NumberFormat('en-US').format(seats)}.`,
    { param },
  );
}

export function seatsInUse(usage: SeatUsage): number {
  return usage.activeUsers + usage.pendingInvites;
}

/** How seats are added to this workspace, for telling the caller what to do when they run out. */
export interface SeatGuidance {
  billingPath: string;
  /** True when the plan sells seats (Update quantity); false when its seat limit is fixed (upgrade instead). */
  seatsArePurchasable: boolean;
}

/** Refuses taking one more seat (a new invite) when every seat is already used by a member or an invite. */
export function assertSeatAvailable(usage: SeatUsage, guidance: SeatGuidance): void {
  if (seatsInUse(usage) + 1 <= usage.maxUsers) return;
  throw new BillingError(
    'seat_limit_reached',
    `All ${usage.maxUsers} seats are in use (${describeUsage(usage)}). ${howToAddSeats(guidance)}, or ${
      usage.pendingInvites > 0 ? 'revoke a pending invite' : 'remove a member'
    }.`,
  );
}

/** Accepting converts the invite's own seat into a member; it only fails if the workspace is already over its limit. */
export function assertInviteCanBeAccepted(usage: SeatUsage, guidance: SeatGuidance): void {
  if (seatsInUse(usage) <= usage.maxUsers) return;
  throw new BillingError(
    'seat_limit_reached',
    `This workspace is over its ${usage.maxUsers} seats (${describeUsage(usage)}). ` +
      `Ask an owner or billing manager to add seats: ${lowerFirst(howToAddSeats(guidance))}.`,
  );
}

function howToAddSeats({ billingPath, seatsArePurchasable }: SeatGuidance): string {
  return seatsArePurchasable
    ? `Add seats with Update quantity on the Plan & Billing page (${billingPath})`
    : `Upgrade to a paid plan on the Plan & Billing page (${billingPath}) to add seats`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function describeUsage(usage: SeatUsage): string {
  const members = `${usage.activeUsers} ${usage.activeUsers === 1 ? 'member' : 'members'}`;
  const invites = `${usage.pendingInvites} pending ${usage.pendingInvites === 1 ? 'invite' : 'invites'}`;
  return `${members}, ${invites}`;
}
