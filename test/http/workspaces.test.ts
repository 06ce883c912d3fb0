// GET /v1/workspaces: each of the caller's workspaces with their role, what that role lets them do there, and the
// plan the workspace is on (the page's switcher and tabs offer only what these allow).
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
import { setMaxUsers } from '../support/workspace-state.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

async function workspacesOf(as: SignedInUser) {
  const response = await call(billfold, 'GET', '/v1/workspaces', { as });
  expect(response.statusCode).toBe(200);
  return response.json().data;
}

describe('the caller’s workspaces', () => {
  it('give each role its own permissions there, and the plan the workspace is on', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner, 'Acme');
    await setMaxUsers(billfold, ws, 4);
    const people = { admin: await signUp(billfold, 'admin'), billing: await signUp(billfold, 'billing') };
    await addMember(billfold, ws, owner, people.admin, 'admin');
    await addMember(billfold, ws, owner, people.billing, 'billing');
    const member = await signUp(billfold, 'member');
    await addMember(billfold, ws, owner, member, 'member');
    const free = { id: 'free', name: 'Free', kind: 'free' };

    expect(await workspacesOf(owner)).toEqual([
      {
        id: ws.id,
        slug: ws.slug,
        name: 'Acme',
        role: 'owner',
        createdAt: expect.any(String),
        permissions: [
          'api_keys:manage',
          'billing:manage',
          'billing:view',
          'members:manage',
          'members:view',
          'roles:manage',
          'webhooks:manage',
        ],
        plan: free,
      },
    ]);
    expect(await workspacesOf(people.admin)).toMatchObject([
      { id: ws.id, role: 'admin', permissions: ['members:manage', 'members:view', 'roles:manage'], plan: free },
    ]);
    expect(await workspacesOf(people.billing)).toMatchObject([
      {
        id: ws.id,
        role: 'billing',
        permissions: ['api_keys:manage', 'billing:manage', 'billing:view', 'members:view', 'webhooks:manage'],
        plan: free,
      },
    ]);
    // A plain member may neither see billing nor invite.
    expect(await workspacesOf(member)).toMatchObject([
      { id: ws.id, role: 'member', permissions: ['members:view'], plan: free },
    ]);
  });

  it('name the plan a workspace moved to, each workspace its own', async () => {
    const owner = await signUp(billfold, 'owner');
    const flex = await createWorkspaceAs(billfold, owner, 'Flex one');
    const stays = await createWorkspaceAs(billfold, owner, 'Free one');
    const moved = await call(billfold, 'POST', `/v1/workspaces/${flex.id}/subscription`, {
      as: owner,
      body: { plan: 'flex' },
    });
    expect(moved.statusCode, moved.body).toBeLessThan(300);

    const listed = await workspacesOf(owner);
    expect(listed.map((w: { id: string; plan: unknown }) => [w.id, w.plan]).sort()).toEqual(
      [
        [flex.id, { id: 'flex', name: 'Flex Credits', kind: 'credits' }],
        [stays.id, { id: 'free', name: 'Free', kind: 'free' }],
      ].sort(),
    );
  });
});
