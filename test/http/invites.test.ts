// Invites and the seat limit: sending, accepting, revoking, expiry, and never more seats than Free's 3.
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

async function seats(owner: SignedInUser, ws: { id: string }) {
  const summary = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: owner });
  return summary.json().seats as { activeUsers: number; pendingInvites: number; maxUsers: number };
}

async function pendingInvites(owner: SignedInUser, ws: { id: string }) {
  const list = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/invites`, { as: owner });
  return list.json().data as { id: string; email: string; status: string; role: string }[];
}

function invite(as: SignedInUser, ws: { id: string }, email: string, role = 'member') {
  return call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, { as, body: { email, role } });
}

function email(label: string) {
  return `${label}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

describe('seat limit on Free (3 users)', () => {
  it('refuses the invite that would be a fourth seat, says how to add seats, and creates nothing', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect((await invite(owner, ws, email('a'))).statusCode).toBe(201);
    expect((await invite(owner, ws, email('b'))).statusCode).toBe(201);

    const refused = await invite(owner, ws, email('c'));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ type: 'conflict', code: 'seat_limit_reached' });
    expect(refused.json().error.message).toBe(
      `All 3 seats are in use (1 member, 2 pending invites). Upgrade to a paid plan on the Plan & Billing page (/w/${ws.slug}/billing) to add seats, or revoke a pending invite.`,
    );
    expect(await seats(owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 2, maxUsers: 3 });
    expect(await pendingInvites(owner, ws)).toHaveLength(2);
  });

  it('lets exactly one of two simultaneous invites take the last seat', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect((await invite(owner, ws, email('first'))).statusCode).toBe(201);

    const [one, two] = await Promise.all([invite(owner, ws, email('racer-1')), invite(owner, ws, email('racer-2'))]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([201, 409]);
    expect(await pendingInvites(owner, ws)).toHaveLength(2);
    expect(await seats(owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 2, maxUsers: 3 });
  });

  it('never lets ten simultaneous invites past the limit', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => invite(owner, ws, email(`burst-${i}`))));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(2);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(8);
    expect(await seats(owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 2, maxUsers: 3 });
  });

  it('refuses accepting an invite while the workspace is over its limit', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    await billfold.deps.db
      .updateTable('workspace_billing')
      .set({ max_users: 4 })
      .where('workspace_id', '=', ws.id)
      .execute();
    const invitee = await signUp(billfold, 'invitee');
    const pending = await invite(owner, ws, invitee.email);
    for (const label of ['x', 'y']) expect((await invite(owner, ws, email(label))).statusCode).toBe(201);
    // Seats drop to 2 (say a downgrade took effect) while 1 member + 3 invites hold 4.
    await billfold.deps.db
      .updateTable('workspace_billing')
      .set({ max_users: 2 })
      .where('workspace_id', '=', ws.id)
      .execute();

    const accept = await call(billfold, 'POST', `/v1/invites/${pending.json().id}/accept`, { as: invitee });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().error.code).toBe('seat_limit_reached');
    expect((await seats(owner, ws)).activeUsers).toBe(1);
  });
});

describe('accepting an invite', () => {
  it('makes the invitee a member with the invited role and frees the pending seat', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner, 'Joinable');
    const invitee = await signUp(billfold, 'invitee');
    const sent = await invite(owner, ws, invitee.email.toUpperCase(), 'billing');
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ email: invitee.email, role: 'billing', status: 'pending' });
    expect(sent.json().acceptUrl).toBe(`http://localhost:3000/invites/${sent.json().id}`);

    const seen = await call(billfold, 'GET', `/v1/invites/${sent.json().id}`, { as: invitee });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({
      workspace: { name: 'Joinable' },
      invitedBy: { email: owner.email },
      role: 'billing',
    });

    const accepted = await call(billfold, 'POST', `/v1/invites/${sent.json().id}/accept`, { as: invitee });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ workspace: { id: ws.id, slug: ws.slug }, role: 'billing' });

    const members = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members`, { as: owner });
    expect(members.json().data.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [owner.email, 'owner'],
      [invitee.email, 'billing'],
    ]);
    expect(await pendingInvites(owner, ws)).toEqual([]);
    expect(await seats(owner, ws)).toEqual({ activeUsers: 2, pendingInvites: 0, maxUsers: 3 });
    // The billing role sees billing right away.
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: invitee })).statusCode).toBe(200);

    const again = await call(billfold, 'POST', `/v1/invites/${sent.json().id}/accept`, { as: invitee });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invite_not_pending');
  });

  it('answers 404 to a signed-in account the invite was not sent to, and changes nothing', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const sent = await invite(owner, ws, email('intended'));
    const stranger = await signUp(billfold, 'stranger');
    expect((await call(billfold, 'GET', `/v1/invites/${sent.json().id}`, { as: stranger })).statusCode).toBe(404);
    const accept = await call(billfold, 'POST', `/v1/invites/${sent.json().id}/accept`, { as: stranger });
    expect(accept.statusCode).toBe(404);
    expect(await seats(owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 1, maxUsers: 3 });
  });
});

describe('revoking an invite', () => {
  it('frees its seat, and the link then refuses to join', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const invitee = await signUp(billfold, 'invitee');
    const sent = await invite(owner, ws, invitee.email);
    const revoked = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/invites/${sent.json().id}`, { as: owner });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().status).toBe('canceled');
    expect(await seats(owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 0, maxUsers: 3 });

    const accept = await call(billfold, 'POST', `/v1/invites/${sent.json().id}/accept`, { as: invitee });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().error.code).toBe('invite_not_pending');
    expect((await seats(owner, ws)).activeUsers).toBe(1);

    const twice = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/invites/${sent.json().id}`, { as: owner });
    expect(twice.statusCode).toBe(409);
  });

  it('answers 404 for an invite of another workspace', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const other = await createWorkspaceAs(billfold, owner);
    const sent = await invite(owner, other, email('elsewhere'));
    const response = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/invites/${sent.json().id}`, { as: owner });
    expect(response.statusCode).toBe(404);
    expect(await pendingInvites(owner, other)).toHaveLength(1);
  });
});

describe('invite expiry (7 days)', () => {
  it('stops counting an expired invite as a seat, marks it expired and refuses to accept it', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const invitee = await signUp(billfold, 'late');
    const sent = await invite(owner, ws, invitee.email);
    billfold.clock.advance({ hours: 24 * 7 + 1 });

    expect((await pendingInvites(owner, ws)).map((i) => i.status)).toEqual(['expired']);
    expect(await seats(owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 0, maxUsers: 3 });
    const accept = await call(billfold, 'POST', `/v1/invites/${sent.json().id}/accept`, { as: invitee });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().error.code).toBe('invite_expired');
    expect((await seats(owner, ws)).activeUsers).toBe(1);
    // A new invite to the same address can be sent once the old one expired.
    expect((await invite(owner, ws, invitee.email)).statusCode).toBe(201);
  });
});

describe('refused invites', () => {
  it('refuses a second pending invite to the same address, and inviting an existing member', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const address = email('twice');
    expect((await invite(owner, ws, address)).statusCode).toBe(201);
    const duplicate = await invite(owner, ws, address);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toMatchObject({ code: 'invite_exists', param: 'email' });

    const memberUser = await signUp(billfold, 'member');
    await addMember(billfold, ws, owner, memberUser, 'member');
    const existing = await invite(owner, ws, memberUser.email);
    expect(existing.statusCode).toBe(409);
    expect(existing.json().error.code).toBe('already_member');
    expect(await pendingInvites(owner, ws)).toHaveLength(1);
  });

  it('lets only an owner invite someone as owner', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const admin = await signUp(billfold, 'admin');
    await addMember(billfold, ws, owner, admin, 'admin');
    const refused = await invite(admin, ws, email('would-be-owner'), 'owner');
    expect(refused.statusCode).toBe(403);
    expect(await pendingInvites(owner, ws)).toEqual([]);
    expect((await invite(owner, ws, email('co-owner'), 'owner')).statusCode).toBe(201);
  });

  it('refuses a role that does not exist in the workspace, naming the field', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const refused = await invite(owner, ws, email('ghost'), 'ghost-role');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_request', param: 'role' });
    expect(await pendingInvites(owner, ws)).toEqual([]);
  });
});
