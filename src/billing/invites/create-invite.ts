// createInvite: invites an email with a role; takes a seat, so it is refused when every seat is in use.
import { Temporal } from 'temporal-polyfill';
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { assertSeatAvailable } from '../../domain/seats/seat-limit.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { enqueueInvitationEmail } from '../emails/invitation-email.ts';
import { firstOwnerUserId, isMemberByEmail } from '../members/members.queries.ts';
import { assertAssignableRole } from '../roles/assignable-role.ts';
import { loadSeatUsage, seatGuidanceFor } from '../seats/seat-usage.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { type InviteView, toInviteView } from './invite-view.ts';
import { hasPendingInvite, insertInvite } from './invites.queries.ts';

export async function createInvite(
  deps: BillingDeps,
  access: WorkspaceAccess,
  input: { email: string; role: string },
): Promise<InviteView> {
  const email = input.email.trim().toLowerCase();
  const now = deps.clock.now();
  const expiresAt = toDate(now.add(Temporal.Duration.from({ hours: 24 * deps.inviteTtlDays })));
  const workspaceId = access.workspace.id;

  return inTransaction(deps.db, async (trx) => {
    // `now` was read before the lock, on the server's clock: the invite's expiry is not a billing date.
    const { billing } = await lockWorkspace(trx, deps, workspaceId);
    await assertAssignableRole(trx, deps.access, access, input.role);

    if (await isMemberByEmail(trx, workspaceId, email)) {
      throw new BillingError('already_member', `${email} is already a member of this workspace.`, { param: 'email' });
    }
    if (await hasPendingInvite(trx, workspaceId, email, toDate(now))) {
      throw new BillingError('invite_exists', `${email} already has a pending invite. Revoke it to send a new one.`, {
        param: 'email',
      });
    }

    const usage = await loadSeatUsage(trx, deps.catalog, workspaceId, billing, toDate(now));
    assertSeatAvailable(usage, seatGuidanceFor(deps.catalog, access.workspace.slug, billing));

    const inviterId = access.actor.kind === 'user' ? access.actor.userId : await firstOwnerUserId(trx, workspaceId);
    const invite = await insertInvite(trx, {
      id: newId('invite'),
      workspaceId,
      email,
      role: input.role,
      expiresAt,
      createdAt: toDate(now),
      inviterId,
    });
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'invite.created',
      targetId: invite.id,
      after: { email, role: input.role },
    });
    const view = toInviteView(deps, invite, now);
    await enqueueInvitationEmail(trx, deps, { ...view, workspaceId, inviterId });
    return view;
  });
}
