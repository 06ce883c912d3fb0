// acceptInvite racing itself and revokeInvite (src/billing/invites/accept-invite.ts): on Postgres these run in
// parallel transactions, and only the workspace's billing-row lock keeps one invite from becoming two members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../../src/billing/access/authorize.ts';
import { acceptInvite } from '../../../src/billing/invites/accept-invite.ts';
import { createInvite } from '../../../src/billing/invites/create-invite.ts';
import { revokeInvite } from '../../../src/billing/invites/revoke-invite.ts';
import type { Actor } from '../../../src/domain/access/actor.ts';
import { BillingError } from '../../../src/domain/errors.ts';
import {
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;
beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
});
afterAll(() => billfold.close());

const userActor = (user: SignedInUser): Extract<Actor, { kind: 'user' }> => ({
  kind: 'user',
  userId: user.userId,
  email: user.email,
  name: user.name,
});

/** The outcome of a use case as a caller sees it: done, or refused with a code. */
async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'done';
  } catch (error) {
    if (error instanceof BillingError) return error.code;
    throw error;
  }
}

async function workspaceWithInviteFor(invitee: SignedInUser) {
  const ws = await createWorkspaceAs(billfold, owner);
  const access = await authorize(billfold.deps, userActor(owner), ws.id, 'members:manage');
  const invite = await createInvite(billfold.deps, access, { email: invitee.email, role: 'member' });
  return { ws, access, invite };
}

async function stateOf(ws: { id: string }) {
  const db = billfold.deps.db;
  return {
    members: (await db.selectFrom('member').select('userId').where('organizationId', '=', ws.id).execute()).length,
    invites: await db.selectFrom('invitation').select('status').where('organizationId', '=', ws.id).execute(),
  };
}

// Several rounds each: without the lock, both sides get through only when their reads interleave.
const rounds = 4;

describe('accepting one invite twice at the same moment (a double click)', () => {
  it('joins once: one accept succeeds, the other is told the invite is no longer pending', async () => {
    const invitee = await signUp(billfold, 'double');
    for (let round = 0; round < rounds; round++) {
      const { ws, invite } = await workspaceWithInviteFor(invitee);
      const outcomes = await Promise.all(
        [0, 1].map(() => outcome(acceptInvite(billfold.deps, userActor(invitee), invite.id))),
      );
      expect(outcomes.sort()).toEqual(['done', 'invite_not_pending']);
      expect(await stateOf(ws)).toEqual({ members: 2, invites: [{ status: 'accepted' }] });
    }
  });
});

describe('accepting while the invite is being revoked', () => {
  it('ends consistently: accepted and a member, or revoked and not', async () => {
    const invitee = await signUp(billfold, 'contested');
    for (let round = 0; round < rounds; round++) {
      const { ws, access, invite } = await workspaceWithInviteFor(invitee);
      const [accepted, revoked] = await Promise.all([
        outcome(acceptInvite(billfold.deps, userActor(invitee), invite.id)),
        outcome(revokeInvite(billfold.deps, access, invite.id)),
      ]);
      if (accepted === 'done') {
        expect(revoked).toBe('invite_not_pending');
        expect(await stateOf(ws)).toEqual({ members: 2, invites: [{ status: 'accepted' }] });
      } else {
        expect([accepted, revoked]).toEqual(['invite_not_pending', 'done']);
        expect(await stateOf(ws)).toEqual({ members: 1, invites: [{ status: 'canceled' }] });
      }
    }
  });
});
