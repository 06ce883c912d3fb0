// The seat limit (DESIGN.md section 3): members plus pending invites never exceed max users (Free: 3),
// including when invites race each other, and the refusal says how to add seats.
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
import { freshEmail, invitesOf, memberIdOf, membersOf, seatsOf, setMaxUsers } from '../support/workspace-state.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

function invite(as: SignedInUser | { apiKey: string }, ws: { id: string }, email: string) {
  return call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, { as, body: { email } });
}

async function invitationRowsFor(email: string) {
  return billfold.deps.db.selectFrom('invitation').select('id').where('email', '=', email).execute();
}

describe('inviting past max users', () => {
  it('refuses the invite that would be a fourth seat on Free, says how to add seats, and creates nothing', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect((await invite(owner, ws, freshEmail('a'))).statusCode).toBe(201);
    expect((await invite(owner, ws, freshEmail('b'))).statusCode).toBe(201);
    const invitesBefore = await invitesOf(billfold, owner, ws);

    const refusedEmail = freshEmail('c');
    const refused = await invite(owner, ws, refusedEmail);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ type: 'conflict', code: 'seat_limit_reached' });
    // Says what is using the seats and where to get more: the workspace's Plan & Billing page.
    expect(refused.json().error.message).toBe(
      `All 3 seats are in use (1 member, 2 pending invites). Upgrade to a paid plan on the Plan & Billing page (/w/${ws.slug}/billing) to add seats, or revoke a pending invite.`,
    );

    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 2, maxUsers: 3 });
    expect(await invitesOf(billfold, owner, ws)).toEqual(invitesBefore);
    expect(await invitationRowsFor(refusedEmail)).toEqual([]);
  });

  it('counts members as seats, not only pending invites', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    for (const label of ['m1', 'm2']) await addMember(billfold, ws, owner, await signUp(billfold, label), 'member');
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 3, pendingInvites: 0, maxUsers: 3 });

    const refused = await invite(owner, ws, freshEmail('fourth'));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('seat_limit_reached');
    expect(refused.json().error.message).toContain('All 3 seats are in use (3 members, 0 pending invites)');
    expect(await invitesOf(billfold, owner, ws)).toEqual([]);
    expect(await membersOf(billfold, owner, ws)).toHaveLength(3);
  });

  it('holds an API key to the same limit', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const key = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, { as: owner, body: { name: 'sync' } });
    const apiKey = { apiKey: key.json().token as string };
    expect((await invite(apiKey, ws, freshEmail('k1'))).statusCode).toBe(201);
    expect((await invite(apiKey, ws, freshEmail('k2'))).statusCode).toBe(201);

    const refused = await invite(apiKey, ws, freshEmail('k3'));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('seat_limit_reached');
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 2, maxUsers: 3 });
  });

  it('gives the seat back when an invite is revoked or a member removed', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const leaver = await signUp(billfold, 'leaver');
    await addMember(billfold, ws, owner, leaver, 'member');
    const held = await invite(owner, ws, freshEmail('held'));
    expect((await invite(owner, ws, freshEmail('refused'))).statusCode).toBe(409);

    const revoke = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/invites/${held.json().id}`, { as: owner });
    expect(revoke.statusCode).toBe(200);
    expect((await invite(owner, ws, freshEmail('after-revoke'))).statusCode).toBe(201);
    expect((await invite(owner, ws, freshEmail('refused-again'))).statusCode).toBe(409);

    const remove = await call(
      billfold,
      'DELETE',
      `/v1/workspaces/${ws.id}/members/${await memberIdOf(billfold, owner, ws, leaver)}`,
      { as: owner },
    );
    expect(remove.statusCode).toBe(200);
    expect((await invite(owner, ws, freshEmail('after-removal'))).statusCode).toBe(201);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 2, maxUsers: 3 });
  });
});

describe('simultaneous invites', () => {
  it('lets exactly one of two invites take the last seat (2 of 3 used)', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect((await invite(owner, ws, freshEmail('first'))).statusCode).toBe(201);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 1, maxUsers: 3 });

    const racers = [freshEmail('racer-1'), freshEmail('racer-2')];
    const responses = await Promise.all(racers.map((address) => invite(owner, ws, address)));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const loser = responses.find((r) => r.statusCode === 409);
    expect(loser?.json().error.code).toBe('seat_limit_reached');

    const winner = responses.find((r) => r.statusCode === 201)?.json();
    const listed = await invitesOf(billfold, owner, ws);
    expect(listed).toHaveLength(2);
    expect(listed.map((i) => i.id)).toContain(winner.id);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 2, maxUsers: 3 });
  });

  it('never lets ten simultaneous invites past the limit', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => invite(owner, ws, freshEmail(`burst-${i}`))),
    );
    // 1 owner + 2 invites = 3 seats.
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(2);
    const refusals = responses.filter((r) => r.statusCode === 409);
    expect(refusals).toHaveLength(8);
    for (const refusal of refusals) expect(refusal.json().error.code).toBe('seat_limit_reached');
    expect(await invitesOf(billfold, owner, ws)).toHaveLength(2);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 2, maxUsers: 3 });
  });
});

describe('accepting respects the limit', () => {
  it('lets an invitee take the seat their invite holds, even when every seat is in use', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const invitee = await signUp(billfold, 'invitee');
    const sent = await invite(owner, ws, invitee.email);
    expect((await invite(owner, ws, freshEmail('other'))).statusCode).toBe(201);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 2, maxUsers: 3 });

    const accept = await call(billfold, 'POST', `/v1/invites/${sent.json().id}/accept`, { as: invitee });
    expect(accept.statusCode).toBe(200);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 2, pendingInvites: 1, maxUsers: 3 });
  });

  it('refuses accepting while the workspace is over its limit, and changes nothing', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    await setMaxUsers(billfold, ws, 4);
    const invitee = await signUp(billfold, 'invitee');
    const pending = await invite(owner, ws, invitee.email);
    for (const label of ['x', 'y']) expect((await invite(owner, ws, freshEmail(label))).statusCode).toBe(201);
    // Max users drops to 2 (say a downgrade took effect) while 1 member + 3 invites hold 4.
    await setMaxUsers(billfold, ws, 2);
    const invitesBefore = await invitesOf(billfold, owner, ws);

    const accept = await call(billfold, 'POST', `/v1/invites/${pending.json().id}/accept`, { as: invitee });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().error.code).toBe('seat_limit_reached');
    expect(accept.json().error.message).toContain(`Plan & Billing page (/w/${ws.slug}/billing)`);

    expect(await membersOf(billfold, owner, ws)).toMatchObject([{ email: owner.email }]);
    expect(await invitesOf(billfold, owner, ws)).toEqual(invitesBefore);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 1, pendingInvites: 3, maxUsers: 2 });
    // The invitee did not get in.
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members`, { as: invitee })).statusCode).toBe(404);
  });
});
