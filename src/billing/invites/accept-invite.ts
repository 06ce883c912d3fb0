// The invitee's side of an invite: see it (only the invited email may) and accept it to join the workspace.

import { inTransaction, lockWorkspaceBilling } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { assertInviteCanBeAccepted } from '../../domain/seats/seat-limit.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { loadSeatUsage, seatGuidanceFor } from '../seats/seat-usage.ts';
import { type InviteView, toInviteView } from './invite-view.ts';

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
  const row = await deps.db
    .selectFrom('invitation')
    .innerJoin('organization', 'organization.id', 'invitation.organizationId')
    .innerJoin('user as inviter', 'inviter.id', 'invitation.inviterId')
    .selectAll('invitation')
    .select([
      'organization.slug as workspaceSlug',
      'organization.name as workspaceName',
      'inviter.name as inviterName',
      'inviter.email as inviterEmail',
    ])
    .where('invitation.id', '=', inviteId)
    .executeTakeFirst();
  if (!row || row.email !== user.email.toLowerCase()) throw inviteNotFound(inviteId);
  return {
    ...toInviteView(deps, row, deps.clock.now()),
    workspace: { id: row.organizationId, slug: row.workspaceSlug, name: row.workspaceName },
    invitedBy: { name: row.inviterName, email: row.inviterEmail },
  };
}

export async function acceptInvite(
  deps: BillingDeps,
  user: UserActor,
  inviteId: string,
): Promise<{ workspace: { id: string; slug: string; name: string }; role: string; memberId: string }> {
  const now = deps.clock.now();
  const invite = await deps.db.selectFrom('invitation').selectAll().where('id', '=', inviteId).executeTakeFirst();
  if (!invite || invite.email !== user.email.toLowerCase()) throw inviteNotFound(inviteId);

  return inTransaction(deps.db, async (trx) => {
    const billing = await lockWorkspaceBilling(trx, invite.organizationId);
    // Re-read under the workspace lock: a concurrent revoke or accept may have changed it.
    const current = await trx.selectFrom('invitation').selectAll().where('id', '=', inviteId).executeTakeFirstOrThrow();
    if (current.status !== 'pending') {
      throw new BillingError('invite_not_pending', `This invite was already ${current.status}.`);
    }
    if (current.expiresAt.getTime() <= now.epochMilliseconds) {
      throw new BillingError('invite_expired', 'This invite has expired. Ask the workspace to send a new one.');
    }
    const alreadyMember = await trx
      .selectFrom('member')
      .select('id')
      .where('organizationId', '=', current.organizationId)
      .where('userId', '=', user.userId)
      .executeTakeFirst();
    if (alreadyMember) throw new BillingError('already_member', 'You are already a member of this workspace.');

    const workspace = await trx
      .selectFrom('organization')
      .select(['id', 'slug', 'name'])
      .where('id', '=', current.organizationId)
      .executeTakeFirstOrThrow();
    const usage = await loadSeatUsage(trx, deps.catalog, workspace.id, billing, toDate(now));
    assertInviteCanBeAccepted(usage, seatGuidanceFor(deps.catalog, workspace.slug, billing));

    const role = current.role ?? 'member';
    const memberId = newId('mem');
    await trx
      .insertInto('member')
      .values({ id: memberId, organizationId: workspace.id, userId: user.userId, role, createdAt: toDate(now) })
      .execute();
    await trx.updateTable('invitation').set({ status: 'accepted' }).where('id', '=', inviteId).execute();
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
