// Members and roles: role changes, removal, leaving, custom roles granting billing, and the last-owner rule.
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

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

async function members(as: SignedInUser, ws: { id: string }) {
  const list = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members`, { as });
  return list.json().data as { id: string; email: string; role: string }[];
}

async function memberId(as: SignedInUser, ws: { id: string }, user: SignedInUser) {
  const found = (await members(as, ws)).find((m) => m.email === user.email);
  if (!found) throw new Error(`${user.email} is not a member`);
  return found.id;
}

describe('the last owner', () => {
  it('cannot be demoted or removed, and nothing changes', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const id = await memberId(owner, ws, owner);

    const demote = await call(billfold, 'PATCH', `/v1/workspaces/${ws.id}/members/${id}`, {
      as: owner,
      body: { role: 'member' },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('last_owner');
    const remove = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/members/${id}`, { as: owner });
    expect(remove.statusCode).toBe(409);
    expect(remove.json().error.code).toBe('last_owner');
    expect(await members(owner, ws)).toMatchObject([{ email: owner.email, role: 'owner' }]);
  });

  it('can step down once another owner exists', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const coOwner = await signUp(billfold, 'co-owner');
    await addMember(billfold, ws, owner, coOwner, 'owner');
    const id = await memberId(owner, ws, owner);
    const demote = await call(billfold, 'PATCH', `/v1/workspaces/${ws.id}/members/${id}`, {
      as: owner,
      body: { role: 'admin' },
    });
    expect(demote.statusCode).toBe(200);
    expect(demote.json().role).toBe('admin');
    expect((await members(coOwner, ws)).map((m) => m.role)).toEqual(['admin', 'owner']);
  });
});

describe('removing and leaving', () => {
  it('lets a member leave on their own, but not remove someone else', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const a = await signUp(billfold, 'a');
    const b = await signUp(billfold, 'b');
    await addMember(billfold, ws, owner, a, 'member');
    await addMember(billfold, ws, owner, b, 'member');

    const refused = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/members/${await memberId(owner, ws, b)}`, {
      as: a,
    });
    expect(refused.statusCode).toBe(403);
    expect(await members(owner, ws)).toHaveLength(3);

    const left = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/members/${await memberId(owner, ws, a)}`, {
      as: a,
    });
    expect(left.statusCode).toBe(200);
    expect((await members(owner, ws)).map((m) => m.email)).toEqual([owner.email, b.email]);
    // Gone means gone: the workspace is no longer visible to them.
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members`, { as: a })).statusCode).toBe(404);
    const summary = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: owner });
    expect(summary.json().seats.activeUsers).toBe(2);
  });
});

describe('custom roles', () => {
  it('grant billing to whoever is given the role', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const accountant = await signUp(billfold, 'accountant');
    await addMember(billfold, ws, owner, accountant, 'member');
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: accountant })).statusCode).toBe(403);
    const asMember = await call(billfold, 'GET', '/v1/workspaces', { as: accountant });
    expect(asMember.json().data).toMatchObject([{ id: ws.id, role: 'member', permissions: ['members:view'] }]);

    const role = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/roles`, {
      as: owner,
      body: { name: 'finance', permissions: ['billing'] },
    });
    expect(role.statusCode).toBe(201);
    expect(role.json()).toEqual({ name: 'finance', builtIn: false, permissions: ['billing'] });
    const changed = await call(
      billfold,
      'PATCH',
      `/v1/workspaces/${ws.id}/members/${await memberId(owner, ws, accountant)}`,
      {
        as: owner,
        body: { role: 'finance' },
      },
    );
    expect(changed.statusCode).toBe(200);

    const summary = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: accountant });
    expect(summary.statusCode).toBe(200);
    expect(summary.json().permissions).toEqual({ view: true, manage: true });
    // Billing is not members management.
    const inviteAttempt = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, {
      as: accountant,
      body: { email: 'someone@example.test' },
    });
    expect(inviteAttempt.statusCode).toBe(403);

    const listed = await call(billfold, 'GET', '/v1/workspaces', { as: accountant });
    expect(listed.json().data).toMatchObject([
      {
        id: ws.id,
        role: 'finance',
        permissions: ['api_keys:manage', 'billing:manage', 'billing:view', 'members:view'],
      },
    ]);

    const roles = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/roles`, { as: accountant });
    expect(roles.json().data.map((r: { name: string }) => r.name)).toEqual([
      'owner',
      'admin',
      'billing',
      'member',
      'finance',
    ]);
  });

  it('refuses a name taken by a built-in or an existing role', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    for (const name of ['billing', 'owner']) {
      const response = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/roles`, {
        as: owner,
        body: { name, permissions: [] },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'role_exists', param: 'name' });
    }
    expect(
      (
        await call(billfold, 'POST', `/v1/workspaces/${ws.id}/roles`, {
          as: owner,
          body: { name: 'ops', permissions: [] },
        })
      ).statusCode,
    ).toBe(201);
    const again = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/roles`, {
      as: owner,
      body: { name: 'ops', permissions: ['members'] },
    });
    expect(again.statusCode).toBe(409);
    const roles = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/roles`, { as: owner });
    expect(roles.json().data.filter((r: { name: string }) => r.name === 'ops')).toEqual([
      { name: 'ops', builtIn: false, permissions: [] },
    ]);
  });
});

describe('listing members', () => {
  it('walks every member in pages with startingAfter', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    await billfold.deps.db
      .updateTable('workspace_billing')
      .set({ max_users: 5 })
      .where('workspace_id', '=', ws.id)
      .execute();
    const others: SignedInUser[] = [];
    for (let i = 0; i < 4; i++) {
      const user = await signUp(billfold, `paged-${i}`);
      await addMember(billfold, ws, owner, user, 'member');
      others.push(user);
    }
    const seen: string[] = [];
    const hasMoreFlags: boolean[] = [];
    let cursor: string | undefined;
    for (;;) {
      const query = `limit=2${cursor ? `&startingAfter=${cursor}` : ''}`;
      const page = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members?${query}`, { as: owner });
      const body = page.json() as { data: { id: string; email: string }[]; hasMore: boolean };
      seen.push(...body.data.map((m) => m.email));
      hasMoreFlags.push(body.hasMore);
      if (!body.hasMore) break;
      cursor = body.data.at(-1)?.id;
    }
    expect(seen).toEqual([owner.email, ...others.map((u) => u.email)]);
    expect(hasMoreFlags).toEqual([true, true, false]);
  });
});
