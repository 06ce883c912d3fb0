import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtInRoleNames,
  type CustomPermission,
  can,
  customPermissionNames,
  type Permission,
  type Principal,
} from '../../../src/domain/access/permissions.ts';

const hidden = { billingVisibleToMembers: false };
const visible = { billingVisibleToMembers: true };
const member = (name: (typeof builtInRoleNames)[number]): Principal => ({
  kind: 'member',
  role: { kind: 'built_in', name },
});
const custom = (...permissions: CustomPermission[]): Principal => ({
  kind: 'member',
  role: { kind: 'custom', name: 'custom', permissions },
});

describe('can', () => {
  it.each<[string, Principal, Permission, boolean]>([
    ['owner manages billing', member('owner'), 'billing:manage', true],
    ['billing role manages billing', member('billing'), 'billing:manage', true],
    ['admin does not see billing', member('admin'), 'billing:view', false],
    ['admin manages members', member('admin'), 'members:manage', true],
    ['member does not see billing', member('member'), 'billing:view', false],
    ['member sees members', member('member'), 'members:view', true],
    ['member cannot invite', member('member'), 'members:manage', false],
    ['billing role cannot invite', member('billing'), 'members:manage', false],
    ['custom billing role manages billing', custom('billing'), 'billing:manage', true],
    ['custom members role cannot see billing', custom('members'), 'billing:view', false],
    ['custom members role invites', custom('members'), 'members:manage', true],
    ['custom role cannot manage roles', custom('billing', 'members'), 'roles:manage', false],
    ['API key manages billing', { kind: 'api_key' }, 'billing:manage', true],
    ['API key cannot mint API keys', { kind: 'api_key' }, 'api_keys:manage', false],
  ])('%s', (_label, principal, permission, expected) => {
    expect(can(principal, permission, hidden)).toBe(expected);
  });

  it('lets every member view billing when the deployment makes it visible', () => {
    expect(can(member('member'), 'billing:view', visible)).toBe(true);
    expect(can(member('member'), 'billing:manage', visible)).toBe(false);
  });
});

const principal: fc.Arbitrary<Principal> = fc.oneof(
  fc.constantFrom(...builtInRoleNames).map(member),
  fc.subarray([...customPermissionNames]).map((permissions) => custom(...permissions)),
  fc.constant<Principal>({ kind: 'api_key' }),
);
const settings = fc.record({ billingVisibleToMembers: fc.boolean() });

describe('permission properties', () => {
  it('managing billing always implies viewing it', () => {
    fc.assert(fc.property(principal, settings, (p, s) => !can(p, 'billing:manage', s) || can(p, 'billing:view', s)));
  });

  it('the billing-visible setting grants viewing, never managing', () => {
    fc.assert(
      fc.property(principal, (p) => {
        expect(can(p, 'billing:manage', visible)).toBe(can(p, 'billing:manage', hidden));
        expect(can(p, 'billing:view', visible)).toBe(true);
      }),
    );
  });

  it('managing members implies seeing them', () => {
    fc.assert(fc.property(principal, settings, (p, s) => !can(p, 'members:manage', s) || can(p, 'members:view', s)));
  });
});
