// Members: role changes, removal and leaving, the last-owner rule, and the keyset-paginated list.
// Custom roles: roles.test.ts.
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
import { memberIdOf, membersOf, seatsOf, setMaxUsers } from '../support/workspace-state.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

function changeRole(as: SignedInUser, ws: { id: string }, memberId: string, role: string) {
  return call(billfold, 'PATCH', `/v1/workspaces/${ws.id}/members/${memberId}`, { as, body: { role } });
}

function remove(as: SignedInUser, ws: { id: string }, memberId: string) {
  return call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/members/${memberId}`, { as });
}

describe('the last owner', () => {
  it('cannot be demoted or removed, and nothing changes', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const id = await memberIdOf(billfold, owner, ws, owner);
    const before = await membersOf(billfold, owner, ws);

    for (const role of ['member', 'admin', 'billing']) {
      const demote = await changeRole(owner, ws, id, role);
      expect(demote.statusCode).toBe(409);
      expect(demote.json().error).toMatchObject({ type: 'conflict', code: 'last_owner' });
      expect(demote.json().error.message).toContain('Make someone else an owner first');
    }
    const leave = await remove(owner, ws, id);
    expect(leave.statusCode).toBe(409);
    expect(leave.json().error.code).toBe('last_owner');

    expect(await membersOf(billfold, owner, ws)).toEqual(before);
    expect(before).toMatchObject([{ email: owner.email, role: 'owner' }]);
  });

  it('can step down or leave once another owner exists', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const coOwner = await signUp(billfold, 'co-owner');
    await addMember(billfold, ws, owner, coOwner, 'owner');
    const id = await memberIdOf(billfold, owner, ws, owner);

    const demote = await changeRole(owner, ws, id, 'admin');
    expect(demote.statusCode).toBe(200);
    expect(demote.json()).toMatchObject({ id, email: owner.email, role: 'admin' });
    expect((await membersOf(billfold, coOwner, ws)).map((m) => [m.email, m.role])).toEqual([
      [owner.email, 'admin'],
      [coOwner.email, 'owner'],
    ]);

    // Now the co-owner is the last owner.
    const coOwnerId = await memberIdOf(billfold, coOwner, ws, coOwner);
    expect((await remove(coOwner, ws, coOwnerId)).statusCode).toBe(409);
    expect((await remove(owner, ws, id)).statusCode).toBe(200);
    expect((await membersOf(billfold, coOwner, ws)).map((m) => m.email)).toEqual([coOwner.email]);
  });

  it('survives five owners stepping down at the same moment: exactly one stays owner', async () => {
    const first = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, first);
    await setMaxUsers(billfold, ws, 5);
    const owners = [first];
    for (let i = 0; i < 4; i++) {
      const coOwner = await signUp(billfold, 'co-owner');
      await addMember(billfold, ws, first, coOwner, 'owner');
      owners.push(coOwner);
    }
    const ids = await Promise.all(owners.map((o) => memberIdOf(billfold, first, ws, o)));

    const responses = await Promise.all(owners.map((o, i) => changeRole(o, ws, ids[i] ?? '', 'member')));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 409]);
    const refused = responses.findIndex((r) => r.statusCode === 409);
    expect(responses[refused]?.json().error.code).toBe('last_owner');
    const stillOwner = owners[refused] as SignedInUser;
    const members = await membersOf(billfold, stillOwner, ws);
    expect(members.filter((m) => m.role === 'owner').map((m) => m.email)).toEqual([stillOwner.email]);
  });
});

describe('changing roles', () => {
  it('lets an owner change a member to admin, which lets them invite', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const user = await signUp(billfold, 'promoted');
    await addMember(billfold, ws, owner, user, 'member');
    const invite = (as: SignedInUser) =>
      call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, { as, body: { email: 'next@example.test' } });
    expect((await invite(user)).statusCode).toBe(403);

    const changed = await changeRole(owner, ws, await memberIdOf(billfold, owner, ws, user), 'admin');
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ email: user.email, role: 'admin' });
    expect((await invite(user)).statusCode).toBe(201);
  });

  it('refuses a plain member changing anyone’s role, their own included, and nothing changes', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const user = await signUp(billfold, 'member');
    await addMember(billfold, ws, owner, user, 'member');
    const before = await membersOf(billfold, owner, ws);

    for (const target of [owner, user]) {
      const response = await changeRole(user, ws, await memberIdOf(billfold, owner, ws, target), 'admin');
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('permission_denied');
    }
    expect(await membersOf(billfold, owner, ws)).toEqual(before);
  });

  it('refuses an admin demoting or removing an owner, or making anyone an owner', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const coOwner = await signUp(billfold, 'co-owner');
    await addMember(billfold, ws, owner, coOwner, 'owner');
    const admin = await signUp(billfold, 'admin');
    await addMember(billfold, ws, owner, admin, 'admin');
    const before = await membersOf(billfold, owner, ws);
    const ownerId = await memberIdOf(billfold, owner, ws, owner);

    for (const response of [
      await changeRole(admin, ws, ownerId, 'member'),
      await remove(admin, ws, ownerId),
      await changeRole(admin, ws, await memberIdOf(billfold, owner, ws, admin), 'owner'),
    ]) {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().error.code).toBe('permission_denied');
    }
    expect(await membersOf(billfold, owner, ws)).toEqual(before);
  });

  it('refuses a role the workspace does not have, naming the field', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const user = await signUp(billfold, 'member');
    await addMember(billfold, ws, owner, user, 'member');
    const before = await membersOf(billfold, owner, ws);
    const response = await changeRole(owner, ws, await memberIdOf(billfold, owner, ws, user), 'no-such-role');
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', param: 'role' });
    expect(await membersOf(billfold, owner, ws)).toEqual(before);
  });

  it('answers 404 for a member of another workspace, and leaves them as they were', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const other = await createWorkspaceAs(billfold, owner);
    const elsewhere = await signUp(billfold, 'elsewhere');
    await addMember(billfold, other, owner, elsewhere, 'member');
    const theirId = await memberIdOf(billfold, owner, other, elsewhere);

    for (const response of [await changeRole(owner, ws, theirId, 'admin'), await remove(owner, ws, theirId)]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatchObject({ code: 'not_found', param: 'member' });
    }
    expect(await membersOf(billfold, owner, other)).toMatchObject([{ role: 'owner' }, { role: 'member' }]);
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
    const before = await membersOf(billfold, owner, ws);

    const refused = await remove(a, ws, await memberIdOf(billfold, owner, ws, b));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('permission_denied');
    expect(await membersOf(billfold, owner, ws)).toEqual(before);

    const left = await remove(a, ws, await memberIdOf(billfold, owner, ws, a));
    expect(left.statusCode).toBe(200);
    expect(left.json()).toMatchObject({ email: a.email, role: 'member' });
    expect((await membersOf(billfold, owner, ws)).map((m) => m.email)).toEqual([owner.email, b.email]);
    expect(await seatsOf(billfold, owner, ws)).toEqual({ activeUsers: 2, pendingInvites: 0, maxUsers: 3 });
    // Gone means gone: the workspace is no longer visible to them.
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members`, { as: a })).statusCode).toBe(404);
    expect((await call(billfold, 'GET', '/v1/workspaces', { as: a })).json().data).toEqual([]);
  });

  it('lets an admin remove a member', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const admin = await signUp(billfold, 'admin');
    const user = await signUp(billfold, 'removed');
    await addMember(billfold, ws, owner, admin, 'admin');
    await addMember(billfold, ws, owner, user, 'member');
    const removed = await remove(admin, ws, await memberIdOf(billfold, owner, ws, user));
    expect(removed.statusCode).toBe(200);
    expect((await membersOf(billfold, owner, ws)).map((m) => m.email)).toEqual([owner.email, admin.email]);
  });
});

describe('listing members', () => {
  async function walk(as: SignedInUser, ws: { id: string }, limit: number) {
    const pages: { emails: string[]; hasMore: boolean }[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const query = `limit=${limit}${cursor ? `&startingAfter=${cursor}` : ''}`;
      const page = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members?${query}`, { as });
      expect(page.statusCode).toBe(200);
      const body = page.json() as { data: { id: string; email: string }[]; hasMore: boolean };
      pages.push({ emails: body.data.map((m) => m.email), hasMore: body.hasMore });
      if (!body.hasMore) break;
      cursor = body.data.at(-1)?.id;
    }
    return pages;
  }

  async function workspaceWith(memberCount: number) {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    await setMaxUsers(billfold, ws, memberCount);
    const others: SignedInUser[] = [];
    for (let i = 1; i < memberCount; i++) {
      const user = await signUp(billfold, `paged-${i}`);
      await addMember(billfold, ws, owner, user, 'member');
      others.push(user);
    }
    return { owner, ws, emails: [owner.email, ...others.map((u) => u.email)] };
  }

  it('walks every member once, in joining order, with limit=2 and startingAfter', async () => {
    const { owner, ws, emails } = await workspaceWith(5);
    const pages = await walk(owner, ws, 2);
    expect(pages.flatMap((p) => p.emails)).toEqual(emails);
    expect(pages.map((p) => [p.emails.length, p.hasMore])).toEqual([
      [2, true],
      [2, true],
      [1, false],
    ]);
  });

  it('says there is no more on a last page that is exactly full', async () => {
    const { owner, ws, emails } = await workspaceWith(4);
    const pages = await walk(owner, ws, 2);
    expect(pages.flatMap((p) => p.emails)).toEqual(emails);
    expect(pages.map((p) => [p.emails.length, p.hasMore])).toEqual([
      [2, true],
      [2, false],
    ]);
    // One page big enough for everyone.
    expect(await walk(owner, ws, 100)).toEqual([{ emails, hasMore: false }]);
  });
});
