// The permission rule (DESIGN.md section 1, docs/decisions/003-roles.md): who may view and manage billing,
// members, roles and API keys, and who may hand out which role.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiKeyScopeNames } from '../../../src/domain/access/api-key-scopes.ts';
import {
  builtInRoleNames,
  type CustomPermission,
  can,
  canGrantRole,
  customPermissionNames,
  grantsOf,
  type Permission,
  type Principal,
  permissionNames,
  type WorkspaceRole,
} from '../../../src/domain/access/permissions.ts';

const hidden = { billingVisibleToMembers: false };
const visible = { billingVisibleToMembers: true };
const builtIn = (name: (typeof builtInRoleNames)[number]): WorkspaceRole => ({ kind: 'built_in', name });
const customRole = (...permissions: CustomPermission[]): WorkspaceRole => ({
  kind: 'custom',
  name: 'custom',
  permissions,
});
const member = (name: (typeof builtInRoleNames)[number]): Principal => ({ kind: 'member', role: builtIn(name) });
const custom = (...permissions: CustomPermission[]): Principal => ({
  kind: 'member',
  role: customRole(...permissions),
});
const apiKey: Principal = { kind: 'api_key', scopes: apiKeyScopeNames };
const readKey: Principal = { kind: 'api_key', scopes: ['billing:read'] };
const billingKey: Principal = { kind: 'api_key', scopes: ['billing:read', 'billing:write', 'credits:consume'] };

describe('can', () => {
  it.each<[string, Principal, Permission, boolean]>([
    ['owner manages billing', member('owner'), 'billing:manage', true],
    ['owner creates API keys', member('owner'), 'api_keys:manage', true],
    ['billing role manages billing', member('billing'), 'billing:manage', true],
    ['billing role creates API keys', member('billing'), 'api_keys:manage', true],
    ['admin does not see billing', member('admin'), 'billing:view', false],
    ['admin cannot create API keys', member('admin'), 'api_keys:manage', false],
    ['owner manages webhook endpoints', member('owner'), 'webhooks:manage', true],
    ['billing role manages webhook endpoints', member('billing'), 'webhooks:manage', true],
    ['admin cannot manage webhook endpoints', member('admin'), 'webhooks:manage', false],
    ['member cannot manage webhook endpoints', member('member'), 'webhooks:manage', false],
    ['custom billing role manages webhook endpoints', custom('billing'), 'webhooks:manage', true],
    ['custom members role cannot manage webhook endpoints', custom('members'), 'webhooks:manage', false],
    ['API key cannot manage webhook endpoints', apiKey, 'webhooks:manage', false],
    ['admin manages members', member('admin'), 'members:manage', true],
    ['admin manages roles', member('admin'), 'roles:manage', true],
    ['member does not see billing', member('member'), 'billing:view', false],
    ['member sees members', member('member'), 'members:view', true],
    ['member cannot invite', member('member'), 'members:manage', false],
    ['billing role cannot invite', member('billing'), 'members:manage', false],
    ['billing role cannot manage roles', member('billing'), 'roles:manage', false],
    ['custom billing role manages billing', custom('billing'), 'billing:manage', true],
    ['custom billing role creates API keys', custom('billing'), 'api_keys:manage', true],
    ['custom billing role cannot invite', custom('billing'), 'members:manage', false],
    ['custom members role cannot see billing', custom('members'), 'billing:view', false],
    ['custom members role invites', custom('members'), 'members:manage', true],
    ['custom role without permissions sees members only', custom(), 'members:view', true],
    ['custom role cannot manage roles', custom('billing', 'members'), 'roles:manage', false],
    ['API key manages billing', apiKey, 'billing:manage', true],
    ['API key syncs members', apiKey, 'members:manage', true],
    ['API key cannot mint API keys', apiKey, 'api_keys:manage', false],
    ['API key cannot manage roles', apiKey, 'roles:manage', false],
    ['API key without members:manage cannot invite', billingKey, 'members:manage', false],
    ['API key without members:read cannot see members', billingKey, 'members:view', false],
    ['API key with billing:write manages billing', billingKey, 'billing:manage', true],
    ['API key with billing:read only cannot manage billing', readKey, 'billing:manage', false],
    ['API key without credits:consume cannot consume', readKey, 'credits:consume', false],
  ])('%s', (_label, principal, permission, expected) => {
    expect(can(principal, permission, hidden)).toBe(expected);
  });

  it('lets every member view, never manage, billing when the deployment makes it visible', () => {
    for (const name of builtInRoleNames) expect(can(member(name), 'billing:view', visible)).toBe(true);
    expect(can(member('member'), 'billing:manage', visible)).toBe(false);
    expect(can(member('admin'), 'billing:manage', visible)).toBe(false);
    expect(can(custom('members'), 'billing:manage', visible)).toBe(false);
    // Viewing billing is not creating API keys, nor managing where events are sent.
    expect(can(member('member'), 'api_keys:manage', visible)).toBe(false);
    expect(can(member('member'), 'webhooks:manage', visible)).toBe(false);
  });
});

describe('canGrantRole', () => {
  it.each<[string, Principal, WorkspaceRole, boolean]>([
    ['owner gives billing', member('owner'), builtIn('billing'), true],
    ['owner gives a custom billing role', member('owner'), customRole('billing'), true],
    ['admin gives admin', member('admin'), builtIn('admin'), true],
    ['admin gives member', member('admin'), builtIn('member'), true],
    ['admin gives a custom members role', member('admin'), customRole('members'), true],
    ['admin cannot give billing', member('admin'), builtIn('billing'), false],
    ['admin cannot give a custom billing role', member('admin'), customRole('billing'), false],
    ['admin cannot give owner', member('admin'), builtIn('owner'), false],
    ['custom members role gives member', custom('members'), builtIn('member'), true],
    ['custom members role cannot give admin', custom('members'), builtIn('admin'), false],
    ['custom members role cannot give billing', custom('members'), builtIn('billing'), false],
    ['custom billing + members role gives billing', custom('billing', 'members'), builtIn('billing'), true],
    ['API key gives member', apiKey, builtIn('member'), true],
    ['API key cannot give billing (it would mint API keys)', apiKey, builtIn('billing'), false],
    ['API key cannot give admin (it would manage roles)', apiKey, builtIn('admin'), false],
    ['API key gives a custom members role', apiKey, customRole('members'), true],
    ['API key without members:read cannot give member', billingKey, builtIn('member'), false],
  ])('%s', (_label, granter, role, expected) => {
    expect(canGrantRole(granter, role, hidden)).toBe(expected);
  });

  it('lets an API key add members when billing is visible to members, though the key cannot see billing', () => {
    const syncKey: Principal = { kind: 'api_key', scopes: ['members:manage'] };
    expect(canGrantRole(syncKey, builtIn('member'), visible)).toBe(true);
    expect(canGrantRole(syncKey, builtIn('billing'), visible)).toBe(false);
  });
});

const role: fc.Arbitrary<WorkspaceRole> = fc.oneof(
  fc.constantFrom(...builtInRoleNames).map(builtIn),
  fc.subarray([...customPermissionNames]).map((permissions) => customRole(...permissions)),
);
const memberPrincipal: fc.Arbitrary<Principal> = role.map((r): Principal => ({ kind: 'member', role: r }));
const keyPrincipal: fc.Arbitrary<Principal> = fc
  .subarray([...apiKeyScopeNames])
  .map((scopes): Principal => ({ kind: 'api_key', scopes }));
const principal: fc.Arbitrary<Principal> = fc.oneof(memberPrincipal, keyPrincipal);
const settings = fc.record({ billingVisibleToMembers: fc.boolean() });
const permission = fc.constantFrom(...permissionNames);

describe('permission properties', () => {
  it('managing billing always implies viewing it, for every principal and setting', () => {
    fc.assert(fc.property(principal, settings, (p, s) => !can(p, 'billing:manage', s) || can(p, 'billing:view', s)));
  });

  it('the billing-visible setting grants members viewing billing, never managing it, and nothing else', () => {
    fc.assert(
      fc.property(memberPrincipal, (p) => {
        expect(can(p, 'billing:manage', visible)).toBe(can(p, 'billing:manage', hidden));
        expect(can(p, 'billing:view', visible)).toBe(true);
        const added = [...grantsOf(p, visible)].filter((g) => !grantsOf(p, hidden).has(g));
        expect(added.every((g) => g === 'billing:view')).toBe(true);
      }),
    );
  });

  it('the billing-visible setting is for people: it changes nothing for an API key', () => {
    fc.assert(
      fc.property(keyPrincipal, (p) => {
        expect(grantsOf(p, visible)).toEqual(grantsOf(p, hidden));
      }),
    );
  });

  it('no API key, whatever its scopes, may mint keys, manage webhook endpoints or manage roles', () => {
    fc.assert(
      fc.property(keyPrincipal, settings, (p, s) => {
        expect(can(p, 'api_keys:manage', s)).toBe(false);
        expect(can(p, 'webhooks:manage', s)).toBe(false);
        expect(can(p, 'roles:manage', s)).toBe(false);
      }),
    );
  });

  it('whoever manages webhook endpoints is exactly whoever creates API keys', () => {
    fc.assert(
      fc.property(principal, settings, (p, s) => can(p, 'webhooks:manage', s) === can(p, 'api_keys:manage', s)),
    );
  });

  it('managing members implies seeing them', () => {
    fc.assert(fc.property(principal, settings, (p, s) => !can(p, 'members:manage', s) || can(p, 'members:view', s)));
  });

  it('nobody can give a role that allows something they are not allowed', () => {
    fc.assert(
      fc.property(principal, role, settings, permission, (granter, given, s, perm) => {
        // What the role allows, not what the deployment's billing-visible setting gives every member anyway.
        const holder: Principal = { kind: 'member', role: given };
        if (canGrantRole(granter, given, s) && can(holder, perm, hidden)) expect(can(granter, perm, s)).toBe(true);
      }),
    );
  });

  it('every member may give their own role, and the billing-visible setting never changes who may give what', () => {
    fc.assert(
      fc.property(role, (own) => {
        expect(canGrantRole({ kind: 'member', role: own }, own, hidden)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(principal, role, (granter, given) => {
        expect(canGrantRole(granter, given, visible)).toBe(canGrantRole(granter, given, hidden));
      }),
    );
  });
});
