import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BillingError } from '../../../src/domain/errors.ts';
import { assertInviteCanBeAccepted, assertSeatAvailable } from '../../../src/domain/seats/seat-limit.ts';

const free = { billingPath: '/w/acme/billing', seatsArePurchasable: false };
const team = { billingPath: '/w/acme/billing', seatsArePurchasable: true };

describe('assertSeatAvailable', () => {
  it('allows the third seat of three and refuses the fourth, saying how to add seats', () => {
    expect(() => assertSeatAvailable({ activeUsers: 2, pendingInvites: 0, maxUsers: 3 }, free)).not.toThrow();
    expect(() => assertSeatAvailable({ activeUsers: 2, pendingInvites: 1, maxUsers: 3 }, free)).toThrow(
      'All 3 seats are in use (2 members, 1 pending invite). Upgrade to a paid plan on the Plan & Billing page (/w/acme/billing) to add seats, or revoke a pending invite.',
    );
    expect(() => assertSeatAvailable({ activeUsers: 5, pendingInvites: 0, maxUsers: 5 }, team)).toThrow(
      'All 5 seats are in use (5 members, 0 pending invites). Add seats with Update quantity on the Plan & Billing page (/w/acme/billing), or revoke a pending invite.',
    );
  });

  it('passes exactly when one more seat fits', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.integer({ min: 1, max: 100 }), (activeUsers, pendingInvites, maxUsers) => {
        const fits = activeUsers + pendingInvites + 1 <= maxUsers;
        let refused: unknown = null;
        try {
          assertSeatAvailable({ activeUsers, pendingInvites, maxUsers }, free);
        } catch (error) {
          refused = error;
        }
        expect(refused === null).toBe(fits);
        if (refused) expect((refused as BillingError).code).toBe('seat_limit_reached');
      }),
    );
  });
});

describe('assertInviteCanBeAccepted', () => {
  it('accepts into the seat the invite already holds, but not when the workspace is over its limit', () => {
    expect(() => assertInviteCanBeAccepted({ activeUsers: 2, pendingInvites: 1, maxUsers: 3 }, free)).not.toThrow();
    expect(() => assertInviteCanBeAccepted({ activeUsers: 3, pendingInvites: 1, maxUsers: 3 }, free)).toThrow(
      BillingError,
    );
  });
});
