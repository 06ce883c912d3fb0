// listRoles and createRole: the built-in roles plus the workspace's custom roles (stored as better-auth organization roles).

import { inTransaction, isUniqueViolation } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import {
  type BuiltInRoleName,
  builtInRoleNames,
  type CustomPermission,
  can,
  customPermissionNames,
  isBuiltInRoleName,
  type Principal,
} from '../../domain/access/permissions.ts';
import { customPermissionsFromStatement, statementFromCustomPermissions } from '../../domain/access/role-statement.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { insertCustomRole, listCustomRoles } from './roles.queries.ts';

export interface RoleView {
  name: string;
  builtIn: boolean;
  /** For custom roles, what they were granted; built-in roles are described in the docs. */
  permissions: CustomPermission[];
}

// A built-in role is summarized in the same two words as custom roles, derived from the one permission rule.
function summarizeBuiltIn(name: BuiltInRoleName): CustomPermission[] {
  const principal: Principal = { kind: 'member', role: { kind: 'built_in', name } };
  const settings = { billingVisibleToMembers: false };
  return customPermissionNames.filter((permission) =>
    can(principal, permission === 'billing' ? 'billing:manage' : 'members:manage', settings),
  );
}

export async function listRoles(deps: BillingDeps, access: WorkspaceAccess): Promise<RoleView[]> {
  const custom = await listCustomRoles(deps.db, access.workspace.id);
  return [
    ...builtInRoleNames.map((name) => ({ name, builtIn: true, permissions: summarizeBuiltIn(name) })),
    ...custom.map((r) => ({ name: r.name, builtIn: false, permissions: customPermissionsFromStatement(r.statement) })),
  ];
}

export async function createRole(
  deps: BillingDeps,
  access: WorkspaceAccess,
  input: { name: string; permissions: CustomPermission[] },
): Promise<RoleView> {
  if (isBuiltInRoleName(input.name)) {
    throw new BillingError('role_exists', `"${input.name}" is a built-in role. Choose another name.`, {
      param: 'name',
    });
  }
  const permissions = [...new Set(input.permissions)];
  const now = toDate(deps.clock.now());
  try {
    await inTransaction(deps.db, async (trx) => {
      await insertCustomRole(trx, {
        id: newId('role'),
        workspaceId: access.workspace.id,
        name: input.name,
        statement: statementFromCustomPermissions(permissions),
        createdAt: now,
      });
      await recordAudit(trx, deps.clock, {
        workspaceId: access.workspace.id,
        actor: auditActorOf(access.actor),
        action: 'role.created',
        targetId: input.name,
        after: { permissions },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new BillingError('role_exists', `A role named "${input.name}" already exists.`, { param: 'name' });
    }
    throw error;
  }
  return { name: input.name, builtIn: false, permissions };
}
