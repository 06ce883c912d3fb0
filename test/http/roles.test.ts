// Roles: the built-in roles, custom roles (Billing and Members are the two permissions they can be granted),
// and what assigning one changes for the person who holds it (docs/decisions/003-roles.md).
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

interface ListedRole {
  name: string;
  builtIn: boolean;
  permissions: string[];
}

async function rolesOf(as: SignedInUser, ws: { id: string }): Promise<ListedRole[]> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/roles`, { as });
  expect(response.statusCode).toBe(200);
  return response.json().data;
}

function createRole(as: SignedInUser | { apiKey: string }, ws: { id: string }, name: string, permissions: string[]) {
  return call(billfold, 'POST', `/v1/workspaces/${ws.id}/roles`, { as, body: { name, permissions } });
}

function changeRole(as: SignedInUser, ws: { id: string }, memberId: string, role: string) {
  return call(billfold, 'PATCH', `/v1/workspaces/${ws.id}/members/${memberId}`, { as, body: { role } });
}

describe('listing roles', () => {
  it('shows the four built-in roles, summarized in the two custom-role permissions, then custom roles', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect(await rolesOf(owner, ws)).toEqual([
      { name: 'owner', builtIn: true, permissions: ['billing', 'members'] },
      { name: 'admin', builtIn: true, permissions: ['members'] },
      { name: 'billing', builtIn: true, permissions: ['billing'] },
      { name: 'member', builtIn: true, permissions: [] },
    ]);
    expect((await createRole(owner, ws, 'support', ['members'])).statusCode).toBe(201);
    expect((await createRole(owner, ws, 'finance', ['billing'])).statusCode).toBe(201);
    // Custom roles follow the built-in ones, by name.
    expect((await rolesOf(owner, ws)).slice(4)).toEqual([
      { name: 'finance', builtIn: false, permissions: ['billing'] },
      { name: 'support', builtIn: false, permissions: ['members'] },
    ]);
  });

  it('keeps custom roles to their own workspace', async () => {
    const owner = await signUp(billfold, 'owner');
    const a = await createWorkspaceAs(billfold, owner);
    const b = await createWorkspaceAs(billfold, owner);
    expect((await createRole(owner, a, 'finance', ['billing'])).statusCode).toBe(201);
    expect((await rolesOf(owner, b)).map((r) => r.name)).not.toContain('finance');
    const invite = await call(billfold, 'POST', `/v1/workspaces/${b.id}/invites`, {
      as: owner,
      body: { email: freshEmail('x'), role: 'finance' },
    });
    expect(invite.statusCode).toBe(400);
    expect(invite.json().error.param).toBe('role');
  });
});

describe('a custom role granted Billing', () => {
  it('turns a member who got 403 on billing into one who sees and manages it', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const accountant = await signUp(billfold, 'accountant');
    await addMember(billfold, ws, owner, accountant, 'member');
    const billing = () => call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: accountant });
    const apiKey = () =>
      call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, { as: accountant, body: { name: 'books' } });
    expect((await billing()).statusCode).toBe(403);
    expect((await apiKey()).statusCode).toBe(403);
    expect((await call(billfold, 'GET', '/v1/workspaces', { as: accountant })).json().data).toMatchObject([
      { id: ws.id, role: 'member', permissions: ['members:view'] },
    ]);

    const role = await createRole(owner, ws, 'finance', ['billing']);
    expect(role.statusCode).toBe(201);
    expect(role.json()).toEqual({ name: 'finance', builtIn: false, permissions: ['billing'] });
    const changed = await changeRole(owner, ws, await memberIdOf(billfold, owner, ws, accountant), 'finance');
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ email: accountant.email, role: 'finance' });

    const summary = await billing();
    expect(summary.statusCode).toBe(200);
    expect(summary.json().permissions).toEqual({ view: true, manage: true });
    expect((await apiKey()).statusCode).toBe(201);
    expect((await call(billfold, 'GET', '/v1/workspaces', { as: accountant })).json().data).toMatchObject([
      {
        id: ws.id,
        role: 'finance',
        permissions: ['api_keys:manage', 'billing:manage', 'billing:view', 'members:view', 'webhooks:manage'],
      },
    ]);

    // Billing is not managing members or roles.
    const invite = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, {
      as: accountant,
      body: { email: freshEmail('someone') },
    });
    expect(invite.statusCode).toBe(403);
    expect((await createRole(accountant, ws, 'auditor', [])).statusCode).toBe(403);

    // And taking the role away takes billing away.
    const back = await changeRole(owner, ws, await memberIdOf(billfold, owner, ws, accountant), 'member');
    expect(back.statusCode).toBe(200);
    expect((await billing()).statusCode).toBe(403);
  });

  it('applies to someone who joins through an invite with that role', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect((await createRole(owner, ws, 'finance', ['billing'])).statusCode).toBe(201);
    const invitee = await signUp(billfold, 'invitee');
    const invite = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, {
      as: owner,
      body: { email: invitee.email, role: 'finance' },
    });
    expect(invite.json().role).toBe('finance');
    const accepted = await call(billfold, 'POST', `/v1/invites/${invite.json().id}/accept`, { as: invitee });
    expect(accepted.json().role).toBe('finance');
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: invitee })).statusCode).toBe(200);
  });
});

describe('a custom role granted Members', () => {
  it('lets its holder invite, but not see billing', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const recruiter = await signUp(billfold, 'recruiter');
    await addMember(billfold, ws, owner, recruiter, 'member');
    const invite = () =>
      call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, { as: recruiter, body: { email: freshEmail('hire') } });
    expect((await invite()).statusCode).toBe(403);

    expect((await createRole(owner, ws, 'people-ops', ['members'])).statusCode).toBe(201);
    const changed = await changeRole(owner, ws, await memberIdOf(billfold, owner, ws, recruiter), 'people-ops');
    expect(changed.statusCode).toBe(200);
    expect((await invite()).statusCode).toBe(201);
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: recruiter })).statusCode).toBe(403);
  });
});

describe('creating roles', () => {
  it('refuses a built-in role name with 409 role_exists naming the field, and creates nothing', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const before = await rolesOf(owner, ws);
    for (const name of ['owner', 'admin', 'billing', 'member']) {
      const response = await createRole(owner, ws, name, ['billing']);
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ type: 'conflict', code: 'role_exists', param: 'name' });
      expect(response.json().error.message).toContain('built-in');
    }
    expect(await rolesOf(owner, ws)).toEqual(before);
  });

  it('refuses a name already used by a custom role, keeping the first one as it was', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect((await createRole(owner, ws, 'ops', [])).statusCode).toBe(201);
    const again = await createRole(owner, ws, 'ops', ['billing', 'members']);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'role_exists', param: 'name' });
    expect((await rolesOf(owner, ws)).filter((r) => r.name === 'ops')).toEqual([
      { name: 'ops', builtIn: false, permissions: [] },
    ]);
  });

  it('creates one role when the same name is sent twice at once', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const responses = await Promise.all([
      createRole(owner, ws, 'twin', ['billing']),
      createRole(owner, ws, 'twin', ['members']),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(responses.find((r) => r.statusCode === 409)?.json().error.code).toBe('role_exists');
    expect((await rolesOf(owner, ws)).filter((r) => r.name === 'twin')).toHaveLength(1);
  });

  it('stores a permission named twice once', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const created = await createRole(owner, ws, 'double', ['billing', 'billing']);
    expect(created.statusCode).toBe(201);
    expect(created.json().permissions).toEqual(['billing']);
    expect((await rolesOf(owner, ws)).find((r) => r.name === 'double')?.permissions).toEqual(['billing']);
  });

  it('lets owners and admins create roles, and refuses everyone else without creating anything', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    await setMaxUsers(billfold, ws, 10);
    expect((await createRole(owner, ws, 'people-ops', ['members'])).statusCode).toBe(201);
    const cast: Record<string, SignedInUser> = {};
    for (const role of ['admin', 'billing', 'member', 'people-ops']) {
      cast[role] = await signUp(billfold, role);
      await addMember(billfold, ws, owner, cast[role], role);
    }
    const key = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, { as: owner, body: { name: 'k' } });
    const before = await rolesOf(owner, ws);

    const refusedCallers: [string, SignedInUser | { apiKey: string }][] = [
      ['billing', cast.billing as SignedInUser],
      ['member', cast.member as SignedInUser],
      ['people-ops', cast['people-ops'] as SignedInUser],
      ['API key', { apiKey: key.json().token }],
    ];
    for (const [label, as] of refusedCallers) {
      const response = await createRole(as, ws, `by-${label.replace(' ', '-').toLowerCase()}`, []);
      expect(response.statusCode, label).toBe(403);
      expect(response.json().error.code).toBe('permission_denied');
    }
    expect(await rolesOf(owner, ws)).toEqual(before);

    expect((await createRole(cast.admin as SignedInUser, ws, 'by-admin', ['members'])).statusCode).toBe(201);
    expect((await membersOf(billfold, owner, ws)).map((m) => m.role)).toEqual([
      'owner',
      'admin',
      'billing',
      'member',
      'people-ops',
    ]);
  });
});

describe('changing and deleting a custom role', () => {
  function patchRole(as: SignedInUser, ws: { id: string }, role: string, body: unknown) {
    return call(billfold, 'PATCH', `/v1/workspaces/${ws.id}/roles/${role}`, { as, body });
  }
  function deleteRole(as: SignedInUser, ws: { id: string }, role: string) {
    return call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/roles/${role}`, { as });
  }

  it('renames it for its holders and pending invites, and taking Billing away takes it from them', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect((await createRole(owner, ws, 'finance', ['billing'])).statusCode).toBe(201);
    const accountant = await signUp(billfold, 'accountant');
    await addMember(billfold, ws, owner, accountant, 'finance');
    const invite = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, {
      as: owner,
      body: { email: freshEmail('later'), role: 'finance' },
    });
    expect(invite.statusCode).toBe(201);
    const key = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, {
      as: accountant,
      body: { name: 'books' },
    });
    expect(key.statusCode, key.body).toBe(201);
    const billing = () => call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: accountant });

    const renamed = await patchRole(owner, ws, 'finance', { name: 'accounts' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toEqual({ name: 'accounts', builtIn: false, permissions: ['billing'] });
    expect((await membersOf(billfold, owner, ws)).find((m) => m.email === accountant.email)?.role).toBe('accounts');
    const invites = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/invites`, { as: owner });
    expect(invites.json().data.map((i: { role: string }) => i.role)).toEqual(['accounts']);
    expect((await billing()).statusCode).toBe(200);

    const narrowed = await patchRole(owner, ws, 'accounts', { permissions: [] });
    expect(narrowed.json()).toEqual({ name: 'accounts', builtIn: false, permissions: [] });
    expect((await billing()).statusCode).toBe(403);
    // The key the accountant made keeps only what the role still allows: no billing.
    const withKey = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, {
      as: { apiKey: key.json().token },
    });
    expect(withKey.statusCode).toBe(403);
  });

  it('deletes it after moving its holders and pending invites to member', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect((await createRole(owner, ws, 'finance', ['billing'])).statusCode).toBe(201);
    const accountant = await signUp(billfold, 'accountant');
    await addMember(billfold, ws, owner, accountant, 'finance');
    const invite = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, {
      as: owner,
      body: { email: freshEmail('later'), role: 'finance' },
    });
    expect(invite.statusCode).toBe(201);

    const deleted = await deleteRole(owner, ws, 'finance');
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json()).toEqual({ name: 'finance', builtIn: false, permissions: ['billing'], membersReassigned: 1 });
    expect((await rolesOf(owner, ws)).map((r) => r.name)).toEqual(['owner', 'admin', 'billing', 'member']);
    expect((await membersOf(billfold, owner, ws)).find((m) => m.email === accountant.email)?.role).toBe('member');
    const invites = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/invites`, { as: owner });
    expect(invites.json().data.map((i: { role: string }) => i.role)).toEqual(['member']);
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: accountant })).statusCode).toBe(403);
    expect((await deleteRole(owner, ws, 'finance')).statusCode).toBe(404);
  });

  it('refuses built-in roles, a taken name, an empty change, and an admin reaching for Billing; nothing changes', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const admin = await signUp(billfold, 'admin');
    await addMember(billfold, ws, owner, admin, 'admin');
    expect((await createRole(owner, ws, 'finance', ['billing'])).statusCode).toBe(201);
    expect((await createRole(owner, ws, 'people', ['members'])).statusCode).toBe(201);
    const before = await rolesOf(owner, ws);

    const builtIn = await patchRole(owner, ws, 'billing', { name: 'money' });
    expect(builtIn.statusCode).toBe(403);
    expect(builtIn.json().error.message).toBe('"billing" is a built-in role: it cannot be changed or deleted.');
    expect((await deleteRole(owner, ws, 'member')).statusCode).toBe(403);
    const taken = await patchRole(owner, ws, 'people', { name: 'finance' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'role_exists', param: 'name' });
    expect((await patchRole(owner, ws, 'people', { name: 'admin' })).json().error.code).toBe('role_exists');
    const empty = await patchRole(owner, ws, 'people', {});
    expect(empty.statusCode).toBe(400);
    expect((await patchRole(owner, ws, 'nobody', { permissions: [] })).statusCode).toBe(404);

    // An admin manages roles, but not one that allows Billing, nor gives Billing to one.
    const grant = await patchRole(admin, ws, 'people', { permissions: ['members', 'billing'] });
    expect(grant.statusCode).toBe(403);
    expect(grant.json().error).toMatchObject({ code: 'permission_denied', param: 'permissions' });
    expect((await patchRole(admin, ws, 'finance', { name: 'fin' })).statusCode).toBe(403);
    expect((await deleteRole(admin, ws, 'finance')).statusCode).toBe(403);
    expect(await rolesOf(owner, ws)).toEqual(before);

    // Within its own reach it may.
    const renamed = await patchRole(admin, ws, 'people', { name: 'people-ops' });
    expect(renamed.statusCode, renamed.body).toBe(200);
  });
});
