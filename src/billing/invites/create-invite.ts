// createInvite: invites an email with a role; takes a seat, so it is refused when every seat is in use.
import { Temporal } from 'temporal-polyfill';
import { type BillfoldTransaction, inTransaction, lockWorkspaceBilling } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { assertSeatAvailable } from '../../domain/seats/seat-limit.ts';
import { auditActorOf } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { assertAssignableRole } from '../roles/assignable-role.ts';
import { loadSeatUsage, seatGuidanceFor } from '../seats/seat-usage.ts';
import { type InviteView, toInviteView } from './invite-view.ts';

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
    const billing = await lockWorkspaceBilling(trx, workspaceId);
    await assertAssignableRole(trx, deps.access, access, input.role);

    const existingMember = await trx
      .selectFrom('member')
      .innerJoin('user', 'user.id', 'member.userId')
      .select('member.id')
      .where('member.organizationId', '=', workspaceId)
      .where('user.email', '=', email)
      .executeTakeFirst();
    if (existingMember) {
      throw new BillingError('already_member', `${email} is already a member of this workspace.`, { param: 'email' });
    }
    const existingInvite = await trx
      .selectFrom('invitation')
      .select('id')
      .where('organizationId', '=', workspaceId)
      .where('email', '=', email)
      .where('status', '=', 'pending')
      .where('expiresAt', '>', toDate(now))
      .executeTakeFirst();
    if (existingInvite) {
      throw new BillingError('invite_exists', `${email} already has a pending invite. Revoke it to send a new one.`, {
        param: 'email',
      });
    }

    const usage = await loadSeatUsage(trx, deps.catalog, workspaceId, billing, toDate(now));
    assertSeatAvailable(usage, seatGuidanceFor(deps.catalog, access.workspace.slug, billing));

    const inviterId = access.actor.kind === 'user' ? access.actor.userId : await workspaceOwnerId(trx, workspaceId);
    const invite = await trx
      .insertInto('invitation')
      .values({
        id: newId('invite'),
        organizationId: workspaceId,
        email,
        role: input.role,
        status: 'pending',
        expiresAt,
        createdAt: toDate(now),
        inviterId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'invite.created',
      targetId: invite.id,
      after: { email, role: input.role },
    });
    return toInviteView(deps, invite, now);
  });
}

// better-auth's invitation needs an inviter user; an API key invites on behalf of the workspace's first owner.
async function workspaceOwnerId(trx: BillfoldTransaction, workspaceId: string): Promise<string> {
  const owner = await trx
    .selectFrom('member')
    .select('userId')
    .where('organizationId', '=', workspaceId)
    .where('role', '=', 'owner')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return owner.userId;
}
