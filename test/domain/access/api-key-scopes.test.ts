// Which scopes a key's creator may give (docs/decisions/002-workspace-api-keys.md): only what they hold
// themselves, plus consuming credits for whoever manages billing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ApiKeyScope,
  apiKeyScopeNames,
  grantableScopes,
  normalizeScopes,
  permissionsOfScopes,
} from '../../../src/domain/access/api-key-scopes.ts';
import {
  builtInRoleNames,
  type CustomPermission,
  customPermissionNames,
  grantsOf,
  type Principal,
} from '../../../src/domain/access/permissions.ts';

const hidden = { billingVisibleToMembers: false };
const visible = { billingVisibleToMembers: true };
const builtIn = (name: (typeof builtInRoleNames)[number]): Principal => ({
  kind: 'member',
  role: { kind: 'built_in', name },
});
const custom = (...permissions: CustomPermission[]): Principal => ({
  kind: 'member',
  role: { kind: 'custom', name: 'custom', permissions },
});
const scopesOf = (creator: Principal, settings = hidden) => grantableScopes(grantsOf(creator, settings));

describe('grantableScopes', () => {
  it.each<[string, Principal, ApiKeyScope[]]>([
    ['owner gives every scope', builtIn('owner'), [...apiKeyScopeNames]],
    [
      'billing role gives billing, member reading and credits, never members:manage',
      builtIn('billing'),
      ['billing:read', 'billing:write', 'members:read', 'credits:consume'],
    ],
    [
      'custom Billing-only role gives the same as the billing role',
      custom('billing'),
      ['billing:read', 'billing:write', 'members:read', 'credits:consume'],
    ],
    ['custom Billing + Members role also gives members:manage', custom('billing', 'members'), [...apiKeyScopeNames]],
    [
      'admin gives member scopes only (admins cannot create keys anyway)',
      builtIn('admin'),
      ['members:read', 'members:manage'],
    ],
    ['member gives members:read only', builtIn('member'), ['members:read']],
  ])('%s', (_label, creator, expected) => {
    expect(scopesOf(creator)).toEqual(expected);
  });

  it('viewing billing by the deployment setting gives billing:read, never billing:write or credits:consume', () => {
    expect(scopesOf(builtIn('member'), visible)).toEqual(['billing:read', 'members:read']);
  });

  const creator = fc.oneof(
    fc.constantFrom(...builtInRoleNames).map(builtIn),
    fc.subarray([...customPermissionNames]).map((permissions) => custom(...permissions)),
  );
  const settings = fc.constantFrom(hidden, visible);

  it('never gives a key anything its creator cannot do, except consuming credits for a billing manager', () => {
    fc.assert(
      fc.property(creator, settings, (who, s) => {
        const own = grantsOf(who, s);
        for (const permission of permissionsOfScopes(scopesOf(who, s))) {
          if (permission === 'credits:consume') expect(own.has('billing:manage')).toBe(true);
          else expect(own.has(permission)).toBe(true);
        }
      }),
    );
  });

  it('a key made by a creator can itself never mint keys or manage roles', () => {
    fc.assert(
      fc.property(creator, settings, (who, s) => {
        const key: Principal = { kind: 'api_key', scopes: scopesOf(who, s) };
        const keyGrants = grantsOf(key, s);
        expect(keyGrants.has('api_keys:manage')).toBe(false);
        expect(keyGrants.has('webhooks:manage')).toBe(false);
        expect(keyGrants.has('roles:manage')).toBe(false);
      }),
    );
  });
});

describe('permissionsOfScopes', () => {
  it('maps each scope to what it allows', () => {
    expect([...permissionsOfScopes(['billing:write'])].sort()).toEqual(['billing:manage', 'billing:view']);
    expect([...permissionsOfScopes(['members:manage'])].sort()).toEqual(['members:manage', 'members:view']);
    expect([...permissionsOfScopes([])]).toEqual([]);
  });
});

describe('normalizeScopes', () => {
  it('drops repeats and unknown names and keeps the set order', () => {
    expect(normalizeScopes(['credits:consume', 'billing:read', 'retired:scope', 'credits:consume'])).toEqual([
      'billing:read',
      'credits:consume',
    ]);
  });
});
