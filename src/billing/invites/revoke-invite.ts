// revokeInvite: cancels a pending invite, freeing its seat.

import { inTransaction, lockWorkspaceBilling } from '../../db/transaction.ts';
import { BillingError } from '../../domain/errors.ts';
import { auditActorOf } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { type InviteView, toInviteView } from './invite-view.ts';

export async function revokeInvite(deps: BillingDeps, access: WorkspaceAccess, inviteId: string): Promise<InviteView> {
  return inTransaction(deps.db, async (trx) => {
    await lockWorkspaceBilling(trx, access.workspace.id);
    const invite = await trx
      .selectFrom('invitation')
      .selectAll()
      .where('id', '=', inviteId)
      .where('organizationId', '=', access.workspace.id)
      .executeTakeFirst();
    if (!invite) throw new BillingError('not_found', `No invite ${inviteId} in this workspace.`, { param: 'invite' });
    if (invite.status !== 'pending') {
      throw new BillingError('invite_not_pending', `This invite was already ${invite.status}.`);
    }
    const revoked = await trx
      .updateTable('invitation')
      .set({ status: 'canceled' })
      .where('id', '=', inviteId)
      .returningAll()
      .executeTakeFirstOrThrow();
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
