// Bad input on every route: 400 invalid_request naming the field, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;
let ws: { id: string; slug: string };
let ownerMemberId: string;

beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
  ws = await createWorkspaceAs(billfold, owner, 'Validated');
  const members = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members`, { as: owner });
  ownerMemberId = members.json().data[0].id;
});
afterAll(() => billfold.close());

/** Everything a refused request could have changed, read back after each one. */
async function snapshot() {
  const db = billfold.deps.db;
  const count = async (table: 'organization' | 'invitation' | 'organizationRole' | 'api_key' | 'member') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const roles = await db.selectFrom('member').select(['id', 'role']).orderBy('id').execute();
  return {
    workspaces: await count('organization'),
    invites: await count('invitation'),
    roles: await count('organizationRole'),
    apiKeys: await count('api_key'),
    members: await count('member'),
    memberRoles: roles,
  };
}

type Case = [
  label: string,
  method: 'POST' | 'PATCH' | 'GET' | 'DELETE',
  path: () => string,
  body: unknown,
  param: string,
];

const long = (n: number) => 'x'.repeat(n);

const cases: Case[] = [
  // POST /v1/workspaces
  ['workspace without a name', 'POST', () => '/v1/workspaces', { slug: 'no-name' }, 'name'],
  ['workspace with an empty name', 'POST', () => '/v1/workspaces', { name: '   ', slug: 'blank' }, 'name'],
  ['workspace with an 81-character name', 'POST', () => '/v1/workspaces', { name: long(81), slug: 'long' }, 'name'],
  ['workspace with a numeric name', 'POST', () => '/v1/workspaces', { name: 7, slug: 'numeric-name' }, 'name'],
  ['workspace without a slug', 'POST', () => '/v1/workspaces', { name: 'No slug' }, 'slug'],
  ['workspace with a bad slug', 'POST', () => '/v1/workspaces', { name: 'Bad', slug: 'Not A Slug!' }, 'slug'],
  ['workspace with a slug ending in a hyphen', 'POST', () => '/v1/workspaces', { name: 'Bad', slug: 'acme-' }, 'slug'],
  ['workspace with a 49-character slug', 'POST', () => '/v1/workspaces', { name: 'Bad', slug: long(49) }, 'slug'],
  ['workspace with a numeric slug', 'POST', () => '/v1/workspaces', { name: 'Bad', slug: 42 }, 'slug'],
  ['workspace with no body', 'POST', () => '/v1/workspaces', undefined, 'body'],
  // POST /v1/workspaces/:ws/invites
  ['invite without an email', 'POST', () => `/v1/workspaces/${ws.id}/invites`, { role: 'member' }, 'email'],
  ['invite with a bad email', 'POST', () => `/v1/workspaces/${ws.id}/invites`, { email: 'not-an-email' }, 'email'],
  ['invite with a numeric email', 'POST', () => `/v1/workspaces/${ws.id}/invites`, { email: 12 }, 'email'],
  [
    'invite with a numeric role',
    'POST',
    () => `/v1/workspaces/${ws.id}/invites`,
    { email: 'a@example.test', role: 7 },
    'role',
  ],
  [
    'invite with an empty role',
    'POST',
    () => `/v1/workspaces/${ws.id}/invites`,
    { email: 'a@example.test', role: ' ' },
    'role',
  ],
  // POST /v1/workspaces/:ws/roles
  ['role without permissions', 'POST', () => `/v1/workspaces/${ws.id}/roles`, { name: 'ops' }, 'permissions'],
  ['role without a name', 'POST', () => `/v1/workspaces/${ws.id}/roles`, { permissions: [] }, 'name'],
  [
    'role with an unknown permission',
    'POST',
    () => `/v1/workspaces/${ws.id}/roles`,
    { name: 'ops', permissions: ['root'] },
    'permissions.0',
  ],
  [
    'role with an unknown second permission',
    'POST',
    () => `/v1/workspaces/${ws.id}/roles`,
    { name: 'ops', permissions: ['billing', 'billing:manage'] },
    'permissions.1',
  ],
  [
    'role with permissions as a string',
    'POST',
    () => `/v1/workspaces/${ws.id}/roles`,
    { name: 'ops', permissions: 'billing' },
    'permissions',
  ],
  [
    'role with a bad name',
    'POST',
    () => `/v1/workspaces/${ws.id}/roles`,
    { name: 'Ops Team', permissions: [] },
    'name',
  ],
  // PATCH /v1/workspaces/:ws/members/:member
  ['member role change without a role', 'PATCH', () => `/v1/workspaces/${ws.id}/members/${ownerMemberId}`, {}, 'role'],
  [
    'member role change with a numeric role',
    'PATCH',
    () => `/v1/workspaces/${ws.id}/members/${ownerMemberId}`,
    { role: 5 },
    'role',
  ],
  [
    'member role change with an empty role',
    'PATCH',
    () => `/v1/workspaces/${ws.id}/members/${ownerMemberId}`,
    { role: '' },
    'role',
  ],
  // POST /v1/workspaces/:ws/api-keys
  ['API key without a name', 'POST', () => `/v1/workspaces/${ws.id}/api-keys`, {}, 'name'],
  ['API key with a numeric name', 'POST', () => `/v1/workspaces/${ws.id}/api-keys`, { name: 1 }, 'name'],
  ['API key with an 81-character name', 'POST', () => `/v1/workspaces/${ws.id}/api-keys`, { name: long(81) }, 'name'],
  // Path parameters
  ['a 101-character workspace ref', 'GET', () => `/v1/workspaces/${long(101)}/members`, undefined, 'ws'],
  // Lists: limit is 1–100
  ['members list with limit=0', 'GET', () => `/v1/workspaces/${ws.id}/members?limit=0`, undefined, 'limit'],
  ['members list with limit=101', 'GET', () => `/v1/workspaces/${ws.id}/members?limit=101`, undefined, 'limit'],
  ['invites list with limit=0', 'GET', () => `/v1/workspaces/${ws.id}/invites?limit=0`, undefined, 'limit'],
  ['invites list with limit=101', 'GET', () => `/v1/workspaces/${ws.id}/invites?limit=101`, undefined, 'limit'],
  ['workspaces list with limit=0', 'GET', () => '/v1/workspaces?limit=0', undefined, 'limit'],
  ['workspaces list with limit=101', 'GET', () => '/v1/workspaces?limit=101', undefined, 'limit'],
  ['workspaces list with limit=abc', 'GET', () => '/v1/workspaces?limit=abc', undefined, 'limit'],
  ['workspaces list with limit=1.5', 'GET', () => '/v1/workspaces?limit=1.5', undefined, 'limit'],
  [
    'members list with an empty startingAfter',
    'GET',
    () => `/v1/workspaces/${ws.id}/members?startingAfter=`,
    undefined,
    'startingAfter',
  ],
];

describe('bad input', () => {
  it.each(cases)('refuses %s with 400 naming the field', async (_label, method, path, body, param) => {
    const before = await snapshot();
    const response = await call(billfold, method, path(), { as: owner, body });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', code: 'invalid_request', param });
    expect(response.json().error.message).toContain(param);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses malformed JSON with 400 and changes nothing', async () => {
    const before = await snapshot();
    const response = await billfold.app.inject({
      method: 'POST',
      url: '/v1/workspaces',
      headers: { cookie: owner.cookie, origin: 'http://localhost:3000', 'content-type': 'application/json' },
      payload: '{"name": "Broken",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.type).toBe('invalid_request');
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['an id longer than the router takes', `/v1/invites/${'i'.repeat(600)}/accept`, 414],
    ['a broken URL encoding', '/v1/invites/%E0%A4%A/accept', 400],
  ])('answers %s with the API error shape, and changes nothing', async (_label, url, status) => {
    const before = await snapshot();
    const response = await call(billfold, 'POST', url, { as: owner });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({
      error: { type: 'invalid_request', code: 'invalid_request', message: expect.any(String) },
    });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['members', 1],
    ['members', 100],
    ['invites', 1],
    ['invites', 100],
  ])('accepts the limit boundaries: %s with limit=%i', async (list, limit) => {
    const response = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/${list}?limit=${limit}`, { as: owner });
    expect(response.statusCode).toBe(200);
  });

  it('refuses a taken slug with 409 naming the slug', async () => {
    const before = await snapshot();
    const response = await call(billfold, 'POST', '/v1/workspaces', {
      as: owner,
      body: { name: 'Again', slug: ws.slug },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'slug_taken', param: 'slug' });
    expect(await snapshot()).toEqual(before);
  });

  it('gives a slug to exactly one of two people taking it at the same moment', async () => {
    const other = await signUp(billfold, 'rival');
    const slug = `race-${Math.random().toString(36).slice(2, 8)}`;
    const responses = await Promise.all(
      [owner, other].map((as) => call(billfold, 'POST', '/v1/workspaces', { as, body: { name: 'Race', slug } })),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(responses.find((r) => r.statusCode === 409)?.json().error).toMatchObject({
      code: 'slug_taken',
      param: 'slug',
    });
    const found = await billfold.deps.db.selectFrom('organization').select('id').where('slug', '=', slug).execute();
    expect(found).toHaveLength(1);
    // The loser owns nothing new: no member row, no billing row left behind.
    const memberships = await billfold.deps.db.selectFrom('member').select('organizationId').execute();
    const billingRows = await billfold.deps.db.selectFrom('workspace_billing').select('workspace_id').execute();
    expect(memberships.filter((m) => m.organizationId === found[0]?.id)).toHaveLength(1);
    expect(new Set(billingRows.map((b) => b.workspace_id))).toEqual(
      new Set((await billfold.deps.db.selectFrom('organization').select('id').execute()).map((o) => o.id)),
    );
  });

  it('gives a role name to exactly one of two roles created at the same moment', async () => {
    const before = await snapshot();
    const responses = await Promise.all(
      [['billing'], ['members']].map((permissions) =>
        call(billfold, 'POST', `/v1/workspaces/${ws.id}/roles`, { as: owner, body: { name: 'twin', permissions } }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(responses.find((r) => r.statusCode === 409)?.json().error).toMatchObject({
      code: 'role_exists',
      param: 'name',
    });
    expect((await snapshot()).roles).toBe(before.roles + 1);
  });

  it('answers an unknown route with the error shape, and never leaks a stack trace', async () => {
    const response = await call(billfold, 'GET', '/v1/nothing-here', { as: owner });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { type: 'not_found', code: 'not_found', message: 'No route GET /v1/nothing-here.' },
    });
  });
});
