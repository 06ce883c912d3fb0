// Invites: sending, accepting, revoking, expiry (7 days) and the refusals. Seat limits: seat-limit.test.ts.
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
import { freshEmail, invitesOf, membersOf, seatsOf } from '../support/workspace-state.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

function invite(as: SignedInUser, ws: { id: string }, email: string, role?: string) {
  return call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, { as, body: role ? { email, role } : { email } });
}

function accept(as: SignedInUser | null, inviteId: string) {
  return call(billfold, 'POST', `/v1/invites/${inviteId}/accept`, { as });
}

/** Everything an invite call could change, as the owner sees it. */
async function workspaceState(owner: SignedInUser, ws: { id: string }) {
  return {
    members: await membersOf(billfold, owner, ws),
    invites: await invitesOf(billfold, owner, ws),
    seats: await seatsOf(billfold, owner, ws),
  };
}

describe('accepting an invite', () => {
  it('makes the invitee a member with the invited role, removes the invite and updates the seats', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner, 'Joinable');
    const invitee = await signUp(billfold, 'invitee');
    // The address is matched case-insensitively.
    const sent = await invite(owner, ws, invitee.email.toUpperCase(), 'billing');
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ email: invitee.email, role: 'billing', status: 'pending' });
    expect(sent.json().acceptUrl).toBe(`http://localhost:3000/invites/${sent.json().id}`);
    expect(Date.parse(sent.json().expiresAt) - Date.parse(sent.json().createdAt)).toBe(7 * 24 * 3600 * 1000);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 1, maxUsers: 3 });

    const seen = await call(billfold, 'GET', `/v1/invites/${sent.json().id}`, { as: invitee });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({
      workspace: { id: ws.id, name: 'Joinable' },
      invitedBy: { email: owner.email },
      role: 'billing',
      status: 'pending',
    });

    const accepted = await accept(invitee, sent.json().id);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ workspace: { id: ws.id, slug: ws.slug }, role: 'billing' });

    const members = await membersOf(billfold, owner, ws);
    expect(members.map((m) => [m.email, m.role])).toEqual([
      [owner.email, 'owner'],
      [invitee.email, 'billing'],
    ]);
    expect(members[1]?.id).toBe(accepted.json().memberId);
    expect(await invitesOf(billfold, owner, ws)).toEqual([]);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 2, pendingInvites: 0, maxUsers: 3 });
    // The invited role applies at once: the billing role sees billing.
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: invitee })).statusCode).toBe(200);
    const theirWorkspaces = await call(billfold, 'GET', '/v1/workspaces', { as: invitee });
    expect(theirWorkspaces.json().data).toMatchObject([{ id: ws.id, role: 'billing' }]);

    const again = await accept(invitee, sent.json().id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invite_not_pending');
    expect(await membersOf(billfold, owner, ws)).toEqual(members);
  });

  it('answers 404 to a signed-in account the invite was not sent to, and changes nothing', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const sent = await invite(owner, ws, freshEmail('intended'));
    const before = await workspaceState(owner, ws);
    const stranger = await signUp(billfold, 'stranger');

    const seen = await call(billfold, 'GET', `/v1/invites/${sent.json().id}`, { as: stranger });
    expect(seen.statusCode).toBe(404);
    const accepted = await accept(stranger, sent.json().id);
    expect(accepted.statusCode).toBe(404);
    expect(accepted.json().error).toMatchObject({ code: 'not_found', param: 'invite' });
    // The message tells them what to do, without revealing the workspace.
    expect(accepted.json().error.message).toContain('Sign in with the address the invite was sent to');
    expect(accepted.json().error.message).not.toContain(ws.slug);

    expect(await workspaceState(owner, ws)).toEqual(before);
    expect((await call(billfold, 'GET', '/v1/workspaces', { as: stranger })).json().data).toEqual([]);
  });

  it('needs a signed-in person: signed out is 401, an API key is 403, and nothing changes', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const sent = await invite(owner, ws, freshEmail('invitee'));
    const key = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, { as: owner, body: { name: 'k' } });
    const before = await workspaceState(owner, ws);

    expect((await accept(null, sent.json().id)).statusCode).toBe(401);
    const byKey = await call(billfold, 'POST', `/v1/invites/${sent.json().id}/accept`, {
      as: { apiKey: key.json().token },
    });
    expect(byKey.statusCode).toBe(403);
    expect(await workspaceState(owner, ws)).toEqual(before);
  });

  it('answers 404 for an invite id that does not exist', async () => {
    const user = await signUp(billfold, 'guesser');
    const response = await accept(user, 'invite_01jzzzzzzzzzzzzzzzzzzzzzzz');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});

describe('revoking an invite', () => {
  it('frees its seat, drops it from the pending list, and the link then refuses to join', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const invitee = await signUp(billfold, 'invitee');
    const sent = await invite(owner, ws, invitee.email);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 1, maxUsers: 3 });

    const revoked = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/invites/${sent.json().id}`, { as: owner });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: sent.json().id, status: 'canceled' });
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 0, maxUsers: 3 });
    expect(await invitesOf(billfold, owner, ws)).toEqual([]);
    const after = await workspaceState(owner, ws);

    const accepted = await accept(invitee, sent.json().id);
    expect(accepted.statusCode).toBe(409);
    expect(accepted.json().error.code).toBe('invite_not_pending');
    expect(await workspaceState(owner, ws)).toEqual(after);

    const twice = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/invites/${sent.json().id}`, { as: owner });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('invite_not_pending');
    // A new invite to the same address can be sent.
    expect((await invite(owner, ws, invitee.email)).statusCode).toBe(201);
  });

  it('answers 404 for an invite of another workspace, which stays pending', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const other = await createWorkspaceAs(billfold, owner);
    const sent = await invite(owner, other, freshEmail('elsewhere'));
    const response = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/invites/${sent.json().id}`, { as: owner });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
    expect(await invitesOf(billfold, owner, other)).toMatchObject([{ id: sent.json().id, status: 'pending' }]);
  });

  it('is refused to a plain member, and the invite stays pending', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const member = await signUp(billfold, 'member');
    await addMember(billfold, ws, owner, member, 'member');
    const sent = await invite(owner, ws, freshEmail('kept'));
    const before = await workspaceState(owner, ws);
    const response = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/invites/${sent.json().id}`, {
      as: member,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('permission_denied');
    expect(await workspaceState(owner, ws)).toEqual(before);
  });
});

describe('invite expiry (7 days)', () => {
  it('is still pending a minute before the 7 days are up', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const invitee = await signUp(billfold, 'punctual');
    const sent = await invite(owner, ws, invitee.email);
    billfold.clock.advance({ minutes: 7 * 24 * 60 - 1 });

    expect((await invitesOf(billfold, owner, ws)).map((i) => i.status)).toEqual(['pending']);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 1, maxUsers: 3 });
    expect((await accept(invitee, sent.json().id)).statusCode).toBe(200);
  });

  it('after 8 days lists the invite as expired, stops counting it as a seat, and refuses to accept it', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const invitee = await signUp(billfold, 'late');
    const sent = await invite(owner, ws, invitee.email);
    billfold.clock.advance({ hours: 24 * 8 });

    expect(await invitesOf(billfold, owner, ws)).toMatchObject([{ id: sent.json().id, status: 'expired' }]);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 0, maxUsers: 3 });
    const seen = await call(billfold, 'GET', `/v1/invites/${sent.json().id}`, { as: invitee });
    expect(seen.json().status).toBe('expired');
    const before = await workspaceState(owner, ws);

    const accepted = await accept(invitee, sent.json().id);
    expect(accepted.statusCode).toBe(409);
    expect(accepted.json().error.code).toBe('invite_expired');
    expect(accepted.json().error.message).toContain('Ask the workspace to send a new one');
    expect(await workspaceState(owner, ws)).toEqual(before);

    // A new invite to the same address can be sent, and that one works.
    const fresh = await invite(owner, ws, invitee.email);
    expect(fresh.statusCode).toBe(201);
    expect((await accept(invitee, fresh.json().id)).statusCode).toBe(200);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 2, pendingInvites: 0, maxUsers: 3 });
  });
});

describe('refused invites', () => {
  it('refuses a second pending invite to the same address (in any case), naming the email', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const address = freshEmail('twice');
    expect((await invite(owner, ws, address)).statusCode).toBe(201);
    const before = await workspaceState(owner, ws);

    for (const again of [address, address.toUpperCase()]) {
      const duplicate = await invite(owner, ws, again);
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error).toMatchObject({ type: 'conflict', code: 'invite_exists', param: 'email' });
    }
    expect(await workspaceState(owner, ws)).toEqual(before);
  });

  it('refuses inviting someone who is already a member, naming the email', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const memberUser = await signUp(billfold, 'member');
    await addMember(billfold, ws, owner, memberUser, 'member');
    const before = await workspaceState(owner, ws);

    for (const address of [memberUser.email, owner.email]) {
      const existing = await invite(owner, ws, address);
      expect(existing.statusCode).toBe(409);
      expect(existing.json().error).toMatchObject({ code: 'already_member', param: 'email' });
    }
    expect(await workspaceState(owner, ws)).toEqual(before);
  });

  it('lets only an owner invite someone as owner', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const admin = await signUp(billfold, 'admin');
    await addMember(billfold, ws, owner, admin, 'admin');
    const before = await workspaceState(owner, ws);

    const refused = await invite(admin, ws, freshEmail('would-be-owner'), 'owner');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('permission_denied');
    expect(await workspaceState(owner, ws)).toEqual(before);

    const byOwner = await invite(owner, ws, freshEmail('co-owner'), 'owner');
    expect(byOwner.statusCode).toBe(201);
    expect(byOwner.json().role).toBe('owner');
  });

  it('refuses a role that does not exist in the workspace, naming the field', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const refused = await invite(owner, ws, freshEmail('ghost'), 'ghost-role');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ type: 'invalid_request', param: 'role' });
    expect(refused.json().error.message).toContain('ghost-role');
    expect(await invitesOf(billfold, owner, ws)).toEqual([]);
  });
});
