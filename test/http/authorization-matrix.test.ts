// Every billing route × every kind of caller: who gets in (DESIGN.md section 1, docs/decisions/003-roles.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billfold } from '../../src/server.ts';
import {
  addMember,
  type CallOptions,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

type CallerName =
  | 'owner'
  | 'billing role'
  | 'custom role with billing'
  | 'custom role without billing'
  | 'member'
  | 'member, billing visible to members'
  | 'signed out'
  | 'API key of this workspace'
  | 'API key of another workspace';

interface BillingRoute {
  method: 'GET' | 'POST';
  path: (ws: string) => string;
  body?: () => unknown;
  /** Expected status per caller; a new billing route is one more row here. */
  expected: Record<CallerName, number>;
}

const billingRoutes: Record<string, BillingRoute> = {
  'GET billing summary': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/billing`,
    expected: {
      owner: 200,
      'billing role': 200,
      'custom role with billing': 200,
      'custom role without billing': 403,
      member: 403,
      'member, billing visible to members': 200,
      'signed out': 401,
      'API key of this workspace': 200,
      'API key of another workspace': 404,
    },
  },
  'POST api key': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/api-keys`,
    body: () => ({ name: 'matrix key' }),
    expected: {
      owner: 201,
      'billing role': 201,
      'custom role with billing': 201,
      'custom role without billing': 403,
      member: 403,
      // The setting grants viewing billing, never managing it.
      'member, billing visible to members': 403,
      'signed out': 401,
      // A key cannot mint more keys.
      'API key of this workspace': 403,
      'API key of another workspace': 404,
    },
  },
};

let billfold: TestBillfold;
let visibleToMembers: Billfold;
let workspace: { id: string; slug: string };
let otherWorkspace: { id: string; slug: string };
const callers = {} as Record<CallerName, { app: () => Billfold; as: CallOptions['as'] }>;
let owner: SignedInUser;
let outsider: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold();
  visibleToMembers = await billfold.withSettings({ BILLFOLD_BILLING_VISIBLE_TO_MEMBERS: 'true' });
  owner = await signUp(billfold, 'owner');
  workspace = await createWorkspaceAs(billfold, owner, 'Matrix');
  // Free allows 3 users; give this workspace room for the whole cast.
  await billfold.deps.db
    .updateTable('workspace_billing')
    .set({ max_users: 20 })
    .where('workspace_id', '=', workspace.id)
    .execute();

  for (const [name, permissions] of [
    ['finance', ['billing']],
    ['people-ops', ['members']],
  ] as const) {
    const created = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/roles`, {
      as: owner,
      body: { name, permissions },
    });
    expect(created.statusCode).toBe(201);
  }
  const cast: [CallerName, string][] = [
    ['billing role', 'billing'],
    ['custom role with billing', 'finance'],
    ['custom role without billing', 'people-ops'],
    ['member', 'member'],
  ];
  for (const [callerName, role] of cast) {
    const user = await signUp(billfold, role);
    await addMember(billfold, workspace, owner, user, role);
    callers[callerName] = { app: () => billfold, as: user };
  }
  callers.owner = { app: () => billfold, as: owner };
  callers['member, billing visible to members'] = { app: () => visibleToMembers, as: callers.member.as };
  callers['signed out'] = { app: () => billfold, as: null };

  const key = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/api-keys`, {
    as: owner,
    body: { name: 'ours' },
  });
  callers['API key of this workspace'] = { app: () => billfold, as: { apiKey: key.json().token } };

  outsider = await signUp(billfold, 'outsider');
  otherWorkspace = await createWorkspaceAs(billfold, outsider, 'Elsewhere');
  const otherKey = await call(billfold, 'POST', `/v1/workspaces/${otherWorkspace.id}/api-keys`, {
    as: outsider,
    body: { name: 'theirs' },
  });
  callers['API key of another workspace'] = { app: () => billfold, as: { apiKey: otherKey.json().token } };
});
afterAll(() => billfold.close());

describe.each(Object.entries(billingRoutes))('%s', (_label, route) => {
  it.each(Object.keys(route.expected) as CallerName[])('answers %s as expected', async (callerName) => {
    const caller = callers[callerName];
    const response = await call(caller.app(), route.method, route.path(workspace.slug), {
      as: caller.as,
      body: route.body?.(),
    });
    expect(response.statusCode, response.body).toBe(route.expected[callerName]);
    if (response.statusCode >= 400) {
      expect(response.json().error.code).toBe(
        { 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found' }[response.statusCode],
      );
    }
  });

  it('answers 404 to a signed-in user of another workspace, by id and by slug', async () => {
    for (const ref of [workspace.id, workspace.slug]) {
      const response = await call(billfold, route.method, route.path(ref), { as: outsider, body: route.body?.() });
      expect(response.statusCode).toBe(404);
    }
  });
});

describe('API keys refused', () => {
  it('creates no key when the caller was refused', async () => {
    const before = await billfold.deps.db
      .selectFrom('api_key')
      .select('id')
      .where('workspace_id', '=', workspace.id)
      .execute();
    await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/api-keys`, {
      as: callers.member.as,
      body: { name: 'sneaky' },
    });
    const after = await billfold.deps.db
      .selectFrom('api_key')
      .select('id')
      .where('workspace_id', '=', workspace.id)
      .execute();
    expect(after.length).toBe(before.length);
  });
});

describe('members, invites and roles', () => {
  it('lets owners, admins and roles with Members invite, and refuses plain members and billing managers', async () => {
    const admin = await signUp(billfold, 'admin');
    await addMember(billfold, workspace, owner, admin, 'admin');
    const expectations: [CallOptions['as'], number][] = [
      [owner, 201],
      [admin, 201],
      [callers['custom role without billing'].as, 201],
      [callers.member.as, 403],
      [callers['billing role'].as, 403],
      [callers['API key of this workspace'].as, 201],
    ];
    for (const [as, status] of expectations) {
      const email = `invitee-${Math.random().toString(36).slice(2)}@example.test`;
      const response = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invites`, { as, body: { email } });
      expect(response.statusCode, response.body).toBe(status);
      const stored = await billfold.deps.db.selectFrom('invitation').select('id').where('email', '=', email).execute();
      expect(stored.length).toBe(status === 201 ? 1 : 0);
    }
  });

  it('lets every member see the members list, and only owners and admins create roles', async () => {
    const list = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/members`, { as: callers.member.as });
    expect(list.statusCode).toBe(200);
    const refused = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/roles`, {
      as: callers['billing role'].as,
      body: { name: 'auditor', permissions: [] },
    });
    expect(refused.statusCode).toBe(403);
    const roles = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/roles`, { as: owner });
    expect(roles.json().data.map((r: { name: string }) => r.name)).not.toContain('auditor');
  });
});

describe('CSRF: cookie-authenticated changes must come from our own origin', () => {
  it.each([
    ['no Origin header', null],
    ['a foreign Origin', 'http://evil.example'],
  ])('refuses a cookie POST with %s and creates nothing', async (_label, origin) => {
    const slug = `csrf-${Math.random().toString(36).slice(2, 8)}`;
    const response = await call(billfold, 'POST', '/v1/workspaces', {
      as: owner,
      origin,
      body: { name: 'CSRF', slug },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('permission_denied');
    const found = await billfold.deps.db.selectFrom('organization').select('id').where('slug', '=', slug).execute();
    expect(found).toEqual([]);
  });

  it('needs no Origin from an API key', async () => {
    const email = `keyed-${Math.random().toString(36).slice(2)}@example.test`;
    const response = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invites`, {
      as: callers['API key of this workspace'].as,
      origin: null,
      body: { email },
    });
    expect(response.statusCode).toBe(201);
  });
});
