// Handing out roles (src/billing/roles/assignable-role.ts): nobody gives a role that allows more than their own,
// by role change or by invite, so an admin, a Members role or an API key cannot make anyone a billing manager.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../../src/billing/access/authorize.ts';
import { createInvite } from '../../../src/billing/invites/create-invite.ts';
import { changeMemberRole } from '../../../src/billing/members/change-member.ts';
import type { Actor } from '../../../src/domain/access/actor.ts';
import { BillingError } from '../../../src/domain/errors.ts';
import { newId } from '../../../src/domain/ids.ts';
import {
  addMember,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';

type GranterName = 'owner' | 'admin' | 'Members role' | 'Billing + Members role' | 'API key';

let billfold: TestBillfold;
let workspace: { id: string; slug: string; name: string };
const granters = {} as Record<GranterName, Actor>;
let counter = 0;

const userActor = (user: SignedInUser): Actor => ({
  kind: 'user',
  userId: user.userId,
  email: user.email,
  name: user.name,
});
const uniqueEmail = (label: string) => `${label}-${++counter}-${Math.random().toString(36).slice(2, 6)}@example.test`;

beforeAll(async () => {
  billfold = await startTestBillfold();
  const owner = await signUp(billfold, 'owner');
  workspace = await createWorkspaceAs(billfold, owner, 'Roles');
  await billfold.deps.db
    .updateTable('workspace_billing')
    .set({ max_users: 500 })
    .where('workspace_id', '=', workspace.id)
    .execute();
  for (const [name, permissions] of [
    ['finance', ['billing']],
    ['people-ops', ['members']],
    ['finops', ['billing', 'members']],
  ] as const) {
    const created = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/roles`, {
      as: owner,
      body: { name, permissions },
    });
    expect(created.statusCode).toBe(201);
  }
  granters.owner = userActor(owner);
  for (const [granter, role] of [
    ['admin', 'admin'],
    ['Members role', 'people-ops'],
    ['Billing + Members role', 'finops'],
  ] as const) {
    const user = await signUp(billfold, role);
    await addMember(billfold, workspace, owner, user, role);
    granters[granter] = userActor(user);
  }
  const key = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/api-keys`, {
    as: owner,
    body: { name: 'member sync' },
  });
  granters['API key'] = { kind: 'api_key', keyId: key.json().id, workspace, scopes: key.json().scopes };
});
afterAll(() => billfold.close());

// Targets never act themselves, so they are seeded straight into the tables.
async function seedMember(role: string): Promise<string> {
  const userId = newId('user');
  const memberId = newId('mem');
  await billfold.deps.db
    .insertInto('user')
    .values({ id: userId, name: 'Target', email: uniqueEmail('target'), emailVerified: false, image: null })
    .execute();
  await billfold.deps.db
    .insertInto('member')
    .values({ id: memberId, organizationId: workspace.id, userId, role, createdAt: new Date() })
    .execute();
  return memberId;
}

async function roleOf(memberId: string) {
  const row = await billfold.deps.db.selectFrom('member').select('role').where('id', '=', memberId).executeTakeFirst();
  return row?.role;
}

async function refusal(work: Promise<unknown>): Promise<BillingError | null> {
  try {
    await work;
    return null;
  } catch (error) {
    if (error instanceof BillingError) return error;
    throw error;
  }
}

const grants: [GranterName, string, boolean][] = [
  ['owner', 'owner', true],
  ['owner', 'billing', true],
  ['owner', 'finance', true],
  ['owner', 'admin', true],
  ['admin', 'owner', false],
  ['admin', 'billing', false],
  ['admin', 'finance', false],
  ['admin', 'finops', false],
  ['admin', 'admin', true],
  ['admin', 'people-ops', true],
  ['admin', 'member', true],
  ['Members role', 'admin', false],
  ['Members role', 'billing', false],
  ['Members role', 'finance', false],
  ['Members role', 'people-ops', true],
  ['Members role', 'member', true],
  ['Billing + Members role', 'billing', true],
  ['Billing + Members role', 'finance', true],
  ['Billing + Members role', 'finops', true],
  ['Billing + Members role', 'admin', false],
  // A key may sync plain members, but never hand out a role that could mint more keys.
  ['API key', 'member', true],
  ['API key', 'people-ops', true],
  ['API key', 'billing', false],
  ['API key', 'finance', false],
];

describe('changeMemberRole', () => {
  it.each(grants)('%s giving "%s": allowed %s', async (granterName, role, allowed) => {
    const target = await seedMember('member');
    const access = await authorize(billfold.deps, granters[granterName], workspace.id, 'members:manage');
    const refused = await refusal(changeMemberRole(billfold.deps, access, target, role));
    if (allowed) {
      expect(refused).toBeNull();
      expect(await roleOf(target)).toBe(role);
    } else {
      expect(refused?.code).toBe('permission_denied');
      expect(await roleOf(target)).toBe('member');
    }
  });

  it('refuses an admin making themselves a billing manager, naming the field and what the role allows', async () => {
    const admin = granters.admin;
    if (admin.kind !== 'user') throw new Error('the admin is a person');
    const access = await authorize(billfold.deps, admin, workspace.id, 'members:manage');
    const own = access.memberId ?? '';
    for (const role of ['billing', 'finance']) {
      const refused = await refusal(changeMemberRole(billfold.deps, access, own, role));
      expect(refused?.code).toBe('permission_denied');
      expect(refused?.param).toBe('role');
      expect(refused?.message).toBe(
        `You cannot give the "${role}" role: it allows seeing billing, managing billing, creating API keys, ` +
          'and managing webhook endpoints, which you are not allowed. Ask an owner to give it.',
      );
    }
    expect(await roleOf(own)).toBe('admin');
    await expect(authorize(billfold.deps, admin, workspace.id, 'billing:view')).rejects.toMatchObject({
      code: 'permission_denied',
    });
  });

  it('still says a role that does not exist is bad input, whoever asks', async () => {
    const target = await seedMember('member');
    const access = await authorize(billfold.deps, granters.admin, workspace.id, 'members:manage');
    const refused = await refusal(changeMemberRole(billfold.deps, access, target, 'ghost'));
    expect(refused).toMatchObject({ code: 'invalid_request', param: 'role' });
    expect(await roleOf(target)).toBe('member');
  });
});

describe('createInvite', () => {
  it.each(grants)('%s inviting as "%s": allowed %s', async (granterName, role, allowed) => {
    const email = uniqueEmail('invitee');
    const access = await authorize(billfold.deps, granters[granterName], workspace.id, 'members:manage');
    const refused = await refusal(createInvite(billfold.deps, access, { email, role }));
    const stored = await billfold.deps.db
      .selectFrom('invitation')
      .select(['role', 'status'])
      .where('email', '=', email)
      .execute();
    if (allowed) {
      expect(refused).toBeNull();
      expect(stored).toEqual([{ role, status: 'pending' }]);
    } else {
      expect(refused?.code).toBe('permission_denied');
      expect(stored).toEqual([]);
    }
  });
});

describe('over HTTP', () => {
  it('answers 403 naming the role field, and nothing changes', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const admin = await signUp(billfold, 'admin');
    const { memberId } = await addMember(billfold, ws, owner, admin, 'admin');
    const before = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members`, { as: owner });

    const promoted = await call(billfold, 'PATCH', `/v1/workspaces/${ws.id}/members/${memberId}`, {
      as: admin,
      body: { role: 'billing' },
    });
    expect(promoted.statusCode).toBe(403);
    expect(promoted.json().error).toMatchObject({ type: 'permission', code: 'permission_denied', param: 'role' });
    const invited = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, {
      as: admin,
      body: { email: uniqueEmail('sock-puppet'), role: 'billing' },
    });
    expect(invited.statusCode).toBe(403);

    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members`, { as: owner })).json()).toEqual(
      before.json(),
    );
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/invites`, { as: owner })).json().data).toEqual([]);
    expect((await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as: admin })).statusCode).toBe(403);
  });
});
