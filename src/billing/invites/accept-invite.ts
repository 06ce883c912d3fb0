// The invitee's side of an invite: see it (only the invited email may) and accept it to join the workspace.

import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { assertInviteCanBeAccepted } from '../../domain/seats/seat-limit.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { insertMember, isMember } from '../members/members.queries.ts';
import { loadSeatUsage, seatGuidanceFor } from '../seats/seat-usage.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { getWorkspaceById } from '../workspaces/workspaces.queries.ts';
import { type InviteView, toInviteView } from './invite-view.ts';
import { findInvite, findInviteWithWorkspace, markInviteAccepted } from './invites.queries.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

export interface InviteForInvitee extends InviteView {
  workspace: { id: string; slug: string; name: string };
  invitedBy: { name: string; email: string };
}

/** The invite as its invitee sees it; anyone else gets 404, so invite ids reveal nothing. */
export async function getInviteForInvitee(
  deps: BillingDeps,
  user: UserActor,
  inviteId: string,
): Promise<InviteForInvitee> {
  const found = await findInviteWithWorkspace(deps.db, inviteId);
  if (!found || found.invite.email !== user.email.toLowerCase()) throw inviteNotFound(inviteId);
  return {
    ...toInviteView(deps, found.invite, deps.clock.now()),
    workspace: found.workspace,
    invitedBy: found.invitedBy,
  };
}

export async function acceptInvite(
  deps: BillingDeps,
  user: UserActor,
  inviteId: string,
): Promise<{ workspace: { id: string; slug: string; name: string }; role: string; memberId: string }> {
  const now = deps.clock.now();
  const invite = await findInvite(deps.db, inviteId);
  if (!invite || invite.email !== user.email.toLowerCase()) throw inviteNotFound(inviteId);

  return inTransaction(deps.db, async (trx) => {
    // `now` was read before the lock, on the server's clock: an invite's expiry is not a billing date.
    const { billing } = await lockWorkspace(trx, deps, invite.workspaceId);
    // Re-read under the workspace lock: a concurrent revoke or accept may have changed it.
    const current = await findInvite(trx, inviteId);
    if (!current) throw new Error(`invite ${inviteId} vanished under the workspace lock`);
    if (current.status !== 'pending') {
      throw new BillingError('invite_not_pending', `This invite was already ${current.status}.`);
    }
    if (current.expiresAt.getTime() <= now.epochMilliseconds) {
      throw new BillingError('invite_expired', 'This invite has expired. Ask the workspace to send a new one.');
    }
    if (await isMember(trx, current.workspaceId, user.userId))
      throw new BillingError('already_member', 'You are already a member of this workspace.');

    const workspace = await getWorkspaceById(trx, current.workspaceId);
    const usage = await loadSeatUsage(trx, deps.catalog, workspace.id, billing, toDate(now));
    assertInviteCanBeAccepted(usage, seatGuidanceFor(deps.catalog, workspace.slug, billing));

    const role = current.role ?? 'member';
    const memberId = newId('mem');
    await insertMember(trx, {
      id: memberId,
      workspaceId: workspace.id,
      userId: user.userId,
      role,
      joinedAt: toDate(now),
    });
    await markInviteAccepted(trx, inviteId);
    await recordAudit(trx, deps.clock, {
      workspaceId: workspace.id,
      actor: { type: 'user', id: user.userId },
      action: 'invite.accepted',
      targetId: inviteId,
      after: { memberId, role },
    });
    return { workspace, role, memberId };
  });
}

function inviteNotFound(inviteId: string): BillingError {
  return new BillingError(
    'not_found',
    `No invite ${inviteId} for your email address. Sign in with the address the invite was sent to.`,
    { param: 'invite' },
  );
}
