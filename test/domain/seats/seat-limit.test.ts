// The seat rule: members plus pending invites never exceed max users, and a refusal says how to add seats.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BillingError } from '../../../src/domain/errors.ts';
import {
  assertInviteCanBeAccepted,
  assertSeatAvailable,
  type SeatGuidance,
  type SeatUsage,
} from '../../../src/domain/seats/seat-limit.ts';

const free = { billingPath: '/w/acme/billing', seatsArePurchasable: false };
const team = { billingPath: '/w/acme/billing', seatsArePurchasable: true };

/** The error the rule threw, or null when it passed. */
function refusalOf(
  check: (usage: SeatUsage, guidance: SeatGuidance) => void,
  usage: SeatUsage,
  guidance: SeatGuidance,
) {
  try {
    check(usage, guidance);
    return null;
  } catch (error) {
    return error;
  }
}

const usage = fc.record({
  activeUsers: fc.nat(50),
  pendingInvites: fc.nat(50),
  maxUsers: fc.integer({ min: 1, max: 100 }),
});
const guidance = fc.record({
  billingPath: fc.constantFrom('/w/acme/billing', '/w/x-1/billing'),
  seatsArePurchasable: fc.boolean(),
});

describe('assertSeatAvailable', () => {
  it('allows the third seat of three and refuses the fourth, saying how to add seats', () => {
    expect(() => assertSeatAvailable({ activeUsers: 2, pendingInvites: 0, maxUsers: 3 }, free)).not.toThrow();
    expect(() => assertSeatAvailable({ activeUsers: 1, pendingInvites: 1, maxUsers: 3 }, free)).not.toThrow();
    expect(() => assertSeatAvailable({ activeUsers: 2, pendingInvites: 1, maxUsers: 3 }, free)).toThrow(
      'All 3 seats are in use (2 members, 1 pending invite). Upgrade to a paid plan on the Plan & Billing page (/w/acme/billing) to add seats, or revoke a pending invite.',
    );
    expect(() => assertSeatAvailable({ activeUsers: 5, pendingInvites: 0, maxUsers: 5 }, team)).toThrow(
      'All 5 seats are in use (5 members, 0 pending invites). Add seats with Update quantity on the Plan & Billing page (/w/acme/billing), or remove a member.',
    );
  });

  it('passes exactly when used + 1 <= max, and otherwise refuses with seat_limit_reached naming the billing page', () => {
    fc.assert(
      fc.property(usage, guidance, (u, g) => {
        const refused = refusalOf(assertSeatAvailable, u, g);
        expect(refused === null).toBe(u.activeUsers + u.pendingInvites + 1 <= u.maxUsers);
        if (refused !== null) {
          expect(refused).toBeInstanceOf(BillingError);
          expect((refused as BillingError).code).toBe('seat_limit_reached');
          expect((refused as BillingError).message).toContain(`Plan & Billing page (${g.billingPath})`);
          expect((refused as BillingError).message).toContain(`All ${u.maxUsers} seats`);
        }
      }),
    );
  });
});

describe('assertInviteCanBeAccepted', () => {
  it('accepts into the seat the invite already holds, but not when the workspace is over its limit', () => {
    expect(() => assertInviteCanBeAccepted({ activeUsers: 2, pendingInvites: 1, maxUsers: 3 }, free)).not.toThrow();
    expect(() => assertInviteCanBeAccepted({ activeUsers: 3, pendingInvites: 1, maxUsers: 3 }, free)).toThrow(
      'This workspace is over its 3 seats (3 members, 1 pending invite). Ask an owner or billing manager to add seats: upgrade to a paid plan on the Plan & Billing page (/w/acme/billing) to add seats.',
    );
  });

  it('passes exactly when used <= max (the invite being accepted is one of the pending ones)', () => {
    fc.assert(
      fc.property(usage, guidance, (u, g) => {
        const refused = refusalOf(assertInviteCanBeAccepted, u, g);
        expect(refused === null).toBe(u.activeUsers + u.pendingInvites <= u.maxUsers);
        if (refused !== null) expect((refused as BillingError).code).toBe('seat_limit_reached');
      }),
    );
  });
});
