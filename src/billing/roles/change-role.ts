// Renaming a custom role, changing what it grants, and deleting it. The members and pending invites holding it
// follow in the same transaction: renamed with it, or moved to "member" when it is deleted, and the API keys they
// created narrowed to what their role now allows. Nobody changes a role that allows more than their own, before or
// after the change (the rule that keeps an admin from handing out Billing).
import { type BillfoldTransaction, inTransaction, isUniqueViolation } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import {
  type CustomPermission,
  canGrantRole,
  isBuiltInRoleName,
  type WorkspaceRole,
} from '../../domain/access/permissions.ts';
import {
  customPermissionsFromStatement,
  statementFromCustomPermissions,
  workspaceRoleOf,
} from '../../domain/access/role-statement.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { narrowKeysToRole } from '../api-keys/member-api-keys.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import {
  deleteCustomRole,
  findCustomRoleStatement,
  reassignRoleHolders,
  roleHolders,
  updateCustomRole,
} from './roles.queries.ts';
import type { RoleView } from './roles.ts';

export async function updateRole(
  deps: BillingDeps,
  access: WorkspaceAccess,
  name: string,
  change: { name?: string; permissions?: CustomPermission[] },
): Promise<RoleView> {
  const nextName = change.name ?? name;
  if (nextName !== name && isBuiltInRoleName(nextName)) {
    throw new BillingError('role_exists', `"${nextName}" is a built-in role. Choose another name.`, { param: 'name' });
  }
  try {
    return await inTransaction(deps.db, async (trx) => {
      await lockWorkspace(trx, deps, access.workspace.id);
      const before = await loadCustomRole(trx, access.workspace.id, name);
      const permissions = change.permissions ? [...new Set(change.permissions)] : before.permissions;
      const after = workspaceRoleOf(nextName, statementFromCustomPermissions(permissions));
      assertMayChange(deps, access, before.role, 'change');
      assertMayChange(deps, access, after, 'change');
      await updateCustomRole(trx, access.workspace.id, name, {
        name: nextName,
        statement: statementFromCustomPermissions(permissions),
        updatedAt: toDate(deps.clock.now()),
      });
      const holders =
        nextName === name
          ? await roleHolders(trx, access.workspace.id, name)
          : await reassignRoleHolders(trx, access.workspace.id, name, nextName);
      await narrowHoldersKeys(trx, deps, access, holders, after);
      await recordAudit(trx, deps.clock, {
        workspaceId: access.workspace.id,
        actor: auditActorOf(access.actor),
        action: 'role.updated',
        targetId: nextName,
        before: { name, permissions: before.permissions },
        after: { name: nextName, permissions },
      });
      return { name: nextName, builtIn: false, permissions };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new BillingError('role_exists', `A role named "${nextName}" already exists.`, { param: 'name' });
    }
    throw error;
  }
}

/** Deletes a custom role; whoever held it (members, pending invites) is a member from now on. */
export async function deleteRole(
  deps: BillingDeps,
  access: WorkspaceAccess,
  name: string,
): Promise<RoleView & { membersReassigned: number }> {
  return inTransaction(deps.db, async (trx) => {
    await lockWorkspace(trx, deps, access.workspace.id);
    const before = await loadCustomRole(trx, access.workspace.id, name);
    assertMayChange(deps, access, before.role, 'delete');
    const holders = await reassignRoleHolders(trx, access.workspace.id, name, 'member');
    await deleteCustomRole(trx, access.workspace.id, name);
    await narrowHoldersKeys(trx, deps, access, holders, workspaceRoleOf('member', null));
    await recordAudit(trx, deps.clock, {
      workspaceId: access.workspace.id,
      actor: auditActorOf(access.actor),
      action: 'role.deleted',
      targetId: name,
      before: { permissions: before.permissions },
      after: { membersReassigned: holders.length, to: 'member' },
    });
    return { name, builtIn: false, permissions: before.permissions, membersReassigned: holders.length };
  });
}

async function loadCustomRole(trx: BillfoldTransaction, workspaceId: string, name: string) {
  if (isBuiltInRoleName(name)) {
    throw new BillingError('permission_denied', `"${name}" is a built-in role: it cannot be changed or deleted.`, {
      param: 'role',
    });
  }
  const statement = await findCustomRoleStatement(trx, workspaceId, name);
  if (statement === undefined) {
    throw new BillingError('not_found', `There is no role "${name}" in this workspace.`, { param: 'role' });
  }
  return { role: workspaceRoleOf(name, statement), permissions: customPermissionsFromStatement(statement) };
}

function assertMayChange(deps: BillingDeps, access: WorkspaceAccess, role: WorkspaceRole, verb: 'change' | 'delete') {
  if (!canGrantRole(access.principal, role, deps.access)) {
    throw new BillingError(
      'permission_denied',
      `You cannot ${verb} a role that allows more than your own role does. Ask an owner to ${verb} it.`,
      { param: verb === 'change' ? 'permissions' : 'role' },
    );
  }
}

async function narrowHoldersKeys(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  access: WorkspaceAccess,
  holders: string[],
  role: WorkspaceRole,
): Promise<void> {
  for (const userId of holders) {
    await narrowKeysToRole(trx, deps.clock, deps.access, {
      workspaceId: access.workspace.id,
      userId,
      actor: auditActorOf(access.actor),
      role,
    });
  }
}
