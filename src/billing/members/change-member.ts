// changeMemberRole and removeMember: role changes and removals, never leaving a workspace without an owner; the
// keys the member created follow in the same transaction (narrowed to the new role, revoked on removal).

import { type BillfoldTransaction, inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { BillingError } from '../../domain/errors.ts';
import { hasPermission, type WorkspaceAccess } from '../access/authorize.ts';
import { narrowKeysToRole, revokeKeysOfDepartedMember } from '../api-keys/member-api-keys.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { assertAssignableRole } from '../roles/assignable-role.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import type { MemberView } from './member-view.ts';
import { countOwners, deleteMember, findMember, setMemberRole } from './members.queries.ts';

export async function changeMemberRole(
  deps: BillingDeps,
  access: WorkspaceAccess,
  memberId: string,
  role: string,
): Promise<MemberView> {
  return inTransaction(deps.db, async (trx) => {
    await lockWorkspace(trx, deps, access.workspace.id);
    const member = await loadMember(trx, access.workspace.id, memberId);
    const newRole = await assertAssignableRole(trx, deps.access, access, role);
    if (member.role === 'owner' && role !== 'owner') {
      assertCallerIsOwner(access, 'change the role of an owner');
      await assertAnotherOwnerRemains(trx, access.workspace.id);
    }
    await setMemberRole(trx, memberId, role);
    const change = { workspaceId: access.workspace.id, userId: member.userId, actor: auditActorOf(access.actor) };
    await narrowKeysToRole(trx, deps.clock, deps.access, { ...change, role: newRole });
    await recordAudit(trx, deps.clock, {
      workspaceId: access.workspace.id,
      actor: auditActorOf(access.actor),
      action: 'member.role_changed',
      targetId: memberId,
      before: { role: member.role },
      after: { role },
    });
    return { ...member, role };
  });
}

/** Removes a member; anyone may remove themselves (leave), others need members:manage. */
export async function removeMember(deps: BillingDeps, access: WorkspaceAccess, memberId: string): Promise<MemberView> {
  if (memberId !== access.memberId && !hasPermission(deps, access, 'members:manage')) {
    throw new BillingError(
      'permission_denied',
      'Only owners, admins and roles with the Members permission can remove members.',
    );
  }
  return inTransaction(deps.db, async (trx) => {
    await lockWorkspace(trx, deps, access.workspace.id);
    const member = await loadMember(trx, access.workspace.id, memberId);
    if (member.role === 'owner') {
      if (access.memberId !== memberId) assertCallerIsOwner(access, 'remove an owner');
      await assertAnotherOwnerRemains(trx, access.workspace.id);
    }
    await deleteMember(trx, memberId);
    await revokeKeysOfDepartedMember(trx, deps.clock, {
      workspaceId: access.workspace.id,
      userId: member.userId,
      actor: auditActorOf(access.actor),
    });
    await recordAudit(trx, deps.clock, {
      workspaceId: access.workspace.id,
      actor: auditActorOf(access.actor),
      action: 'member.removed',
      targetId: memberId,
      before: { userId: member.userId, role: member.role },
    });
    return member;
  });
}

async function loadMember(trx: BillfoldTransaction, workspaceId: string, memberId: string): Promise<MemberView> {
  const member = await findMember(trx, workspaceId, memberId);
  if (!member) throw new BillingError('not_found', `No member ${memberId} in this workspace.`, { param: 'member' });
  return member;
}

function assertCallerIsOwner(access: WorkspaceAccess, what: string): void {
  const isOwner =
    access.principal.kind === 'member' &&
    access.principal.role.kind === 'built_in' &&
    access.principal.role.name === 'owner';
  if (!isOwner) throw new BillingError('permission_denied', `Only an owner can ${what}.`);
}

async function assertAnotherOwnerRemains(trx: BillfoldTransaction, workspaceId: string): Promise<void> {
  if ((await countOwners(trx, workspaceId)) <= 1) {
    throw new BillingError('last_owner', 'A workspace needs at least one owner. Make someone else an owner first.');
  }
}
