// Checks a role can be given to someone by this caller: it must exist, only owners hand out "owner", and nobody
// hands out a role that allows more than their own (an admin cannot make anyone, themselves included, a billing manager).

import type { BillfoldTransaction } from '../../db/transaction.ts';
import {
  type AccessSettings,
  canGrantRole,
  isBuiltInRoleName,
  type Permission,
  permissionsBeyondGranter,
  type WorkspaceRole,
} from '../../domain/access/permissions.ts';
import { workspaceRoleOf } from '../../domain/access/role-statement.ts';
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { findCustomRoleStatement } from './roles.queries.ts';

const permissionWords: Record<Permission, string> = {
  'billing:view': 'seeing billing',
  'billing:manage': 'managing billing',
  'members:view': 'seeing members',
  'members:manage': 'managing members',
  'roles:manage': 'managing roles',
  'api_keys:manage': 'creating API keys',
  'webhooks:manage': 'managing webhook endpoints',
  'credits:consume': 'consuming credits',
};
const listWords = new Intl.ListFormat('en', { type: 'conjunction' });

/** Returns the role, for what else the change depends on (the keys its holder created). */
export async function assertAssignableRole(
  trx: BillfoldTransaction,
  settings: AccessSettings,
  access: WorkspaceAccess,
  role: string,
): Promise<WorkspaceRole> {
  if (role === 'owner') {
    const callerIsOwner =
      access.principal.kind === 'member' &&
      access.principal.role.kind === 'built_in' &&
      access.principal.role.name === 'owner';
    if (!callerIsOwner) throw new BillingError('permission_denied', 'Only an owner can make someone an owner.');
    return workspaceRoleOf('owner', null);
  }
  const target = await loadRole(trx, access.workspace.id, role);
  if (!canGrantRole(access.principal, target, settings)) {
    const beyond = permissionsBeyondGranter(access.principal, target, settings);
    throw new BillingError(
      'permission_denied',
      `You cannot give the "${role}" role: it allows ${listWords.format(beyond.map((p) => permissionWords[p]))}, ` +
        'which you are not allowed. Ask an owner to give it.',
      { param: 'role' },
    );
  }
  return target;
}

async function loadRole(trx: BillfoldTransaction, workspaceId: string, role: string): Promise<WorkspaceRole> {
  if (isBuiltInRoleName(role)) return workspaceRoleOf(role, null);
  const statement = await findCustomRoleStatement(trx, workspaceId, role);
  if (statement === undefined) {
    throw new BillingError('invalid_request', `There is no role "${role}" in this workspace.`, { param: 'role' });
  }
  return workspaceRoleOf(role, statement);
}
