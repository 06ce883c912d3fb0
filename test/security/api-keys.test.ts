// API keys stay within their creator's role: scopes chosen at creation (never beyond the creator), a list,
// revocation effective at once, the last-used time, and a removed member's keys revoked with the membership.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';
import { freshEmail, memberIdOf, membersOf, setMaxUsers } from '../support/workspace-state.ts';

let billfold: TestBillfold;

beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

interface Cast {
  ws: { id: string; slug: string };
  owner: SignedInUser;
  admin: SignedInUser;
  biller: SignedInUser;
  finance: SignedInUser;
  member: SignedInUser;
}

/** A workspace with an owner, an admin, a billing-role member, a custom Billing-only role member and a member. */
async function workspaceWithCast(): Promise<Cast> {
  const owner = await signUp(billfold, 'owner');
  const ws = await createWorkspaceAs(billfold, owner);
  await setMaxUsers(billfold, ws, 20);
  const role = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/roles`, {
    as: owner,
    body: { name: 'finance', permissions: ['billing'] },
  });
  expect(role.statusCode).toBe(201);
  const join = async (roleName: string) => {
    const user = await signUp(billfold, roleName);
    await addMember(billfold, ws, owner, user, roleName);
    return user;
  };
  return {
    ws,
    owner,
    admin: await join('admin'),
    biller: await join('billing'),
    finance: await join('finance'),
    member: await join('member'),
  };
}

function createKey(as: SignedInUser | { apiKey: string }, ws: { id: string }, body: Record<string, unknown> = {}) {
  return call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, { as, body: { name: 'product', ...body } });
}

async function tokenOf(as: SignedInUser, ws: { id: string }, body: Record<string, unknown> = {}) {
  const response = await createKey(as, ws, body);
  expect(response.statusCode, response.body).toBe(201);
  return { id: response.json().id as string, key: { apiKey: response.json().token as string } };
}

function listKeys(as: SignedInUser | { apiKey: string }, ws: { id: string }, query = '') {
  return call(billfold, 'GET', `/v1/workspaces/${ws.id}/api-keys${query}`, { as });
}

function revokeKey(as: SignedInUser | { apiKey: string }, ws: { id: string }, keyId: string) {
  return call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/api-keys/${keyId}`, { as });
}

function auditActions(ws: { id: string }, targetId: string) {
  return billfold.deps.db
    .selectFrom('audit_log')
    .select(['action', 'actor_type', 'actor_id'])
    .where('workspace_id', '=', ws.id)
    .where('target_id', '=', targetId)
    .orderBy('id')
    .execute();
}

describe('a key never carries more than its creator holds', () => {
  it.each(['biller', 'finance'] as const)(
    "a %s member's key cannot demote an admin, remove a member or invite",
    async (creator) => {
      const cast = await workspaceWithCast();
      const { key } = await tokenOf(cast[creator], cast.ws);
      const before = await membersOf(billfold, cast.owner, cast.ws);
      const adminId = await memberIdOf(billfold, cast.owner, cast.ws, cast.admin);
      const memberId = await memberIdOf(billfold, cast.owner, cast.ws, cast.member);

      const demote = await call(billfold, 'PATCH', `/v1/workspaces/${cast.ws.id}/members/${adminId}`, {
        as: key,
        body: { role: 'member' },
      });
      expect(demote.statusCode, demote.body).toBe(403);
      const remove = await call(billfold, 'DELETE', `/v1/workspaces/${cast.ws.id}/members/${memberId}`, { as: key });
      expect(remove.statusCode, remove.body).toBe(403);
      const invite = await call(billfold, 'POST', `/v1/workspaces/${cast.ws.id}/invites`, {
        as: key,
        body: { email: freshEmail('invited'), role: 'member' },
      });
      expect(invite.statusCode, invite.body).toBe(403);
      expect(await membersOf(billfold, cast.owner, cast.ws)).toEqual(before);

      // What the creator holds still works with the key.
      expect((await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/billing`, { as: key })).statusCode).toBe(200);
    },
  );

  it('gives by default every scope the creator may give, and says so in the answer', async () => {
    const cast = await workspaceWithCast();
    const byOwner = await createKey(cast.owner, cast.ws);
    expect(byOwner.statusCode).toBe(201);
    expect(byOwner.json().scopes).toEqual([
      'billing:read',
      'billing:write',
      'members:read',
      'members:manage',
      'credits:consume',
    ]);
    for (const creator of [cast.biller, cast.finance]) {
      const response = await createKey(creator, cast.ws);
      expect(response.statusCode).toBe(201);
      expect(response.json().scopes).toEqual(['billing:read', 'billing:write', 'members:read', 'credits:consume']);
    }
  });

  it.each(['biller', 'finance'] as const)(
    'refuses a %s member asking for members:manage with 403 naming scopes, and creates nothing',
    async (creator) => {
      const cast = await workspaceWithCast();
      const response = await createKey(cast[creator], cast.ws, { scopes: ['billing:read', 'members:manage'] });
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toMatchObject({ code: 'permission_denied', param: 'scopes' });
      expect((await listKeys(cast.owner, cast.ws)).json().data).toEqual([]);
    },
  );

  it('refuses an unknown scope with 400 naming it', async () => {
    const cast = await workspaceWithCast();
    const response = await createKey(cast.owner, cast.ws, { scopes: ['billing:read', 'everything'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_request', param: 'scopes.1' });
  });

  it('acts with its scopes only', async () => {
    const cast = await workspaceWithCast();
    const { key } = await tokenOf(cast.owner, cast.ws, { scopes: ['billing:read'] });
    expect((await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/billing`, { as: key })).statusCode).toBe(200);
    const details = await call(billfold, 'PUT', `/v1/workspaces/${cast.ws.id}/billing-details`, {
      as: key,
      body: {
        legalName: 'Acme Ltd',
        email: 'books@example.test',
        addressLine1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    });
    expect(details.statusCode).toBe(403);
    expect((await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/members`, { as: key })).statusCode).toBe(403);
    const consume = await call(billfold, 'POST', `/v1/workspaces/${cast.ws.id}/credits/consume`, {
      as: key,
      body: { amount: 1, description: 'report' },
      idempotencyKey: 'scoped-consume',
    });
    expect(consume.statusCode).toBe(403);
  });

  it('hands out with members:manage only roles within its own scopes', async () => {
    const cast = await workspaceWithCast();
    const { key } = await tokenOf(cast.owner, cast.ws, { scopes: ['members:manage'] });
    const invite = (role: string) =>
      call(billfold, 'POST', `/v1/workspaces/${cast.ws.id}/invites`, {
        as: key,
        body: { email: freshEmail('synced'), role },
      });
    expect((await invite('member')).statusCode).toBe(201);
    for (const role of ['billing', 'finance', 'admin', 'owner']) {
      const refused = await invite(role);
      expect(refused.statusCode, role).toBe(403);
    }
    const memberId = await memberIdOf(billfold, cast.owner, cast.ws, cast.member);
    const promote = await call(billfold, 'PATCH', `/v1/workspaces/${cast.ws.id}/members/${memberId}`, {
      as: key,
      body: { role: 'billing' },
    });
    expect(promote.statusCode).toBe(403);
  });

  it('cannot list, mint or revoke keys, whatever its scopes', async () => {
    const cast = await workspaceWithCast();
    const { id, key } = await tokenOf(cast.owner, cast.ws);
    expect((await listKeys(key, cast.ws)).statusCode).toBe(403);
    expect((await createKey(key, cast.ws)).statusCode).toBe(403);
    expect((await revokeKey(key, cast.ws, id)).statusCode).toBe(403);
  });

  it('loses what its creator loses when the creator is given a lesser role', async () => {
    const cast = await workspaceWithCast();
    const { key } = await tokenOf(cast.biller, cast.ws);
    const billerId = await memberIdOf(billfold, cast.owner, cast.ws, cast.biller);
    const demoted = await call(billfold, 'PATCH', `/v1/workspaces/${cast.ws.id}/members/${billerId}`, {
      as: cast.owner,
      body: { role: 'member' },
    });
    expect(demoted.statusCode).toBe(200);
    expect((await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/billing`, { as: key })).statusCode).toBe(403);
    expect((await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/members`, { as: key })).statusCode).toBe(200);
  });
});

describe('revoking', () => {
  it('takes effect at once, is idempotent, and is in the audit log', async () => {
    const cast = await workspaceWithCast();
    const { id, key } = await tokenOf(cast.biller, cast.ws);
    expect((await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/billing`, { as: key })).statusCode).toBe(200);

    const revoked = await revokeKey(cast.finance, cast.ws, id);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ id, revokedAt: expect.any(String) });
    const after = await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/billing`, { as: key });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');

    const again = await revokeKey(cast.owner, cast.ws, id);
    expect(again.statusCode).toBe(200);
    expect(again.json().revokedAt).toBe(revoked.json().revokedAt);
    expect((await listKeys(cast.owner, cast.ws)).json().data).toEqual([]);
    expect(await auditActions(cast.ws, id)).toEqual([
      { action: 'api_key.created', actor_type: 'user', actor_id: cast.biller.userId },
      { action: 'api_key.revoked', actor_type: 'user', actor_id: cast.finance.userId },
    ]);
  });

  it("answers 404 for another workspace's key and leaves it working", async () => {
    const cast = await workspaceWithCast();
    const other = await workspaceWithCast();
    const { id, key } = await tokenOf(other.owner, other.ws);
    const response = await revokeKey(cast.owner, cast.ws, id);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
    expect((await call(billfold, 'GET', `/v1/workspaces/${other.ws.id}/billing`, { as: key })).statusCode).toBe(200);
  });

  it('is for those who manage keys only', async () => {
    const cast = await workspaceWithCast();
    const { id, key } = await tokenOf(cast.owner, cast.ws);
    for (const as of [cast.admin, cast.member]) {
      expect((await revokeKey(as, cast.ws, id)).statusCode).toBe(403);
      expect((await listKeys(as, cast.ws)).statusCode).toBe(403);
    }
    expect((await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/billing`, { as: key })).statusCode).toBe(200);
  });
});

describe("a removed member's keys", () => {
  it('stop working when an owner removes the member', async () => {
    const cast = await workspaceWithCast();
    const { id, key } = await tokenOf(cast.biller, cast.ws);
    const ownerKey = await tokenOf(cast.owner, cast.ws);
    const billerId = await memberIdOf(billfold, cast.owner, cast.ws, cast.biller);
    const removed = await call(billfold, 'DELETE', `/v1/workspaces/${cast.ws.id}/members/${billerId}`, {
      as: cast.owner,
    });
    expect(removed.statusCode).toBe(200);
    expect((await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/billing`, { as: key })).statusCode).toBe(401);
    expect((await listKeys(cast.owner, cast.ws)).json().data.map((k: { id: string }) => k.id)).toEqual([ownerKey.id]);
    expect((await auditActions(cast.ws, id)).map((a) => a.action)).toEqual(['api_key.created', 'api_key.revoked']);
    // Other people's keys keep working.
    expect((await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/billing`, { as: ownerKey.key })).statusCode).toBe(
      200,
    );
  });

  it('stop working when the member leaves', async () => {
    const cast = await workspaceWithCast();
    const { key } = await tokenOf(cast.finance, cast.ws);
    const financeId = await memberIdOf(billfold, cast.owner, cast.ws, cast.finance);
    const left = await call(billfold, 'DELETE', `/v1/workspaces/${cast.ws.id}/members/${financeId}`, {
      as: cast.finance,
    });
    expect(left.statusCode).toBe(200);
    expect((await call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/billing`, { as: key })).statusCode).toBe(401);
  });
});

describe('the list', () => {
  it('shows prefix, scopes, creator and last use, never the token', async () => {
    const cast = await workspaceWithCast();
    const created = await createKey(cast.biller, cast.ws, { name: 'books sync', scopes: ['billing:read'] });
    const { token, id, prefix } = created.json();
    const listed = await listKeys(cast.owner, cast.ws);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      data: [
        {
          id,
          name: 'books sync',
          prefix,
          scopes: ['billing:read'],
          createdAt: created.json().createdAt,
          createdBy: { userId: cast.biller.userId, name: cast.biller.name, email: cast.biller.email },
          lastUsedAt: null,
          revokedAt: null,
        },
      ],
      hasMore: false,
    });
    expect(token.startsWith(prefix)).toBe(true);
    expect(listed.body).not.toContain(token);
    expect(listed.body).not.toContain('hash');
  });

  it('records the last use, at most about once a minute', async () => {
    const cast = await workspaceWithCast();
    const { key } = await tokenOf(cast.owner, cast.ws);
    const use = () => call(billfold, 'GET', `/v1/workspaces/${cast.ws.id}/billing`, { as: key });
    const lastUsed = async () => (await listKeys(cast.owner, cast.ws)).json().data[0].lastUsedAt as string | null;

    expect(await lastUsed()).toBeNull();
    expect((await use()).statusCode).toBe(200);
    const first = await lastUsed();
    expect(first).toBe(new Date(billfold.clock.now().epochMilliseconds).toISOString());

    billfold.clock.advance({ seconds: 30 });
    await use();
    expect(await lastUsed()).toBe(first);

    billfold.clock.advance({ seconds: 31 });
    await use();
    expect(await lastUsed()).toBe(new Date(billfold.clock.now().epochMilliseconds).toISOString());
  });

  it('pages with limit and startingAfter', async () => {
    const cast = await workspaceWithCast();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await tokenOf(cast.owner, cast.ws)).id);
    const first = await listKeys(cast.owner, cast.ws, '?limit=2');
    expect(first.json().hasMore).toBe(true);
    const firstIds = first.json().data.map((k: { id: string }) => k.id);
    const second = await listKeys(cast.owner, cast.ws, `?limit=2&startingAfter=${firstIds[1]}`);
    expect(second.json().hasMore).toBe(false);
    const all = [...firstIds, ...second.json().data.map((k: { id: string }) => k.id)];
    expect(all.sort()).toEqual([...ids].sort());
  });
});
