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

type Case = [label: string, method: 'POST' | 'PATCH' | 'GET', path: () => string, body: unknown, param: string];

const cases: Case[] = [
  ['workspace without a name', 'POST', () => '/v1/workspaces', { slug: 'no-name' }, 'name'],
  ['workspace with an empty name', 'POST', () => '/v1/workspaces', { name: '   ', slug: 'blank' }, 'name'],
  ['workspace with a bad slug', 'POST', () => '/v1/workspaces', { name: 'Bad', slug: 'Not A Slug!' }, 'slug'],
  ['workspace with a numeric slug', 'POST', () => '/v1/workspaces', { name: 'Bad', slug: 42 }, 'slug'],
  ['workspace with no body', 'POST', () => '/v1/workspaces', undefined, 'body'],
  ['invite without an email', 'POST', () => `/v1/workspaces/${ws.id}/invites`, { role: 'member' }, 'email'],
  ['invite with a bad email', 'POST', () => `/v1/workspaces/${ws.id}/invites`, { email: 'not-an-email' }, 'email'],
  [
    'invite with a numeric role',
    'POST',
    () => `/v1/workspaces/${ws.id}/invites`,
    { email: 'a@example.test', role: 7 },
    'role',
  ],
  ['role without permissions', 'POST', () => `/v1/workspaces/${ws.id}/roles`, { name: 'ops' }, 'permissions'],
  [
    'role with an unknown permission',
    'POST',
    () => `/v1/workspaces/${ws.id}/roles`,
    { name: 'ops', permissions: ['root'] },
    'permissions.0',
  ],
  [
    'role with a bad name',
    'POST',
    () => `/v1/workspaces/${ws.id}/roles`,
    { name: 'Ops Team', permissions: [] },
    'name',
  ],
  ['member role change without a role', 'PATCH', () => `/v1/workspaces/${ws.id}/members/${ownerMemberId}`, {}, 'role'],
  ['API key without a name', 'POST', () => `/v1/workspaces/${ws.id}/api-keys`, {}, 'name'],
  ['members list with limit=0', 'GET', () => `/v1/workspaces/${ws.id}/members?limit=0`, undefined, 'limit'],
  ['invites list with limit=101', 'GET', () => `/v1/workspaces/${ws.id}/invites?limit=101`, undefined, 'limit'],
  ['workspaces list with limit=abc', 'GET', () => '/v1/workspaces?limit=abc', undefined, 'limit'],
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

  it('answers an unknown route with the error shape, and never leaks a stack trace', async () => {
    const response = await call(billfold, 'GET', '/v1/nothing-here', { as: owner });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { type: 'not_found', code: 'not_found', message: 'No route GET /v1/nothing-here.' },
    });
  });
});
