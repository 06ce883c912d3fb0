// Checks a role can be given to someone by this caller: it must exist, and only owners hand out "owner".

import type { BillfoldTransaction } from '../../db/transaction.ts';
import { isBuiltInRoleName } from '../../domain/access/permissions.ts';
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';

export async function assertAssignableRole(
  trx: BillfoldTransaction,
  access: WorkspaceAccess,
  role: string,
): Promise<void> {
  if (role === 'owner') {
    const callerIsOwner =
      access.principal.kind === 'member' &&
      access.principal.role.kind === 'built_in' &&
      access.principal.role.name === 'owner';
    if (!callerIsOwner) throw new BillingError('permission_denied', 'Only an owner can make someone an owner.');
    return;
  }
  if (isBuiltInRoleName(role)) return;
  const custom = await trx
    .selectFrom('organizationRole')
    .select('id')
    .where('organizationId', '=', access.workspace.id)
    .where('role', '=', role)
    .executeTakeFirst();
  if (!custom) {
    throw new BillingError('invalid_request', `There is no role "${role}" in this workspace.`, { param: 'role' });
  }
}
