// revokeInvite: cancels a pending invite, freeing its seat.

import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { type InviteView, toInviteView } from './invite-view.ts';
import { cancelInvite, findWorkspaceInvite } from './invites.queries.ts';

export async function revokeInvite(deps: BillingDeps, access: WorkspaceAccess, inviteId: string): Promise<InviteView> {
  return inTransaction(deps.db, async (trx) => {
    await lockWorkspace(trx, deps, access.workspace.id);
    const invite = await findWorkspaceInvite(trx, access.workspace.id, inviteId);
    if (!invite) throw new BillingError('not_found', `No invite ${inviteId} in this workspace.`, { param: 'invite' });
    if (invite.status !== 'pending') {
      throw new BillingError('invite_not_pending', `This invite was already ${invite.status}.`);
    }
    const revoked = await cancelInvite(trx, inviteId);
    await recordAudit(trx, deps.clock, {
      workspaceId: access.workspace.id,
      actor: auditActorOf(access.actor),
      action: 'invite.revoked',
      targetId: inviteId,
      before: { status: invite.status },
      after: { status: 'canceled' },
    });
    return toInviteView(deps, revoked, deps.clock.now());
  });
}
