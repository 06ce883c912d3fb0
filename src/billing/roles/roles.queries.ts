// SQL for a workspace's custom roles (better-auth's organizationRole table): find one's stored permission
// statement, list them by name, and create one.
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export interface CustomRole {
  name: string;
  /** better-auth's permission statement JSON (see role-statement.ts). */
  statement: string;
}

/** The stored statement of the workspace's custom role, or undefined when there is no such role. */
export async function findCustomRoleStatement(
  trx: BillfoldTransaction,
  workspaceId: string,
  role: string,
): Promise<string | undefined> {
  const custom = await trx
    .selectFrom('organizationRole')
    .select('permission')
    .where('organizationId', '=', workspaceId)
    .where('role', '=', role)
    .executeTakeFirst();
  return custom?.permission;
}

/** The workspace's custom roles, by name. */
export async function listCustomRoles(db: BillfoldDb, workspaceId: string): Promise<CustomRole[]> {
  const rows = await db
    .selectFrom('organizationRole')
    .select(['role', 'permission'])
    .where('organizationId', '=', workspaceId)
    .orderBy('role')
    .execute();
  return rows.map((row) => ({ name: row.role, statement: row.permission }));
}

/** Fails with a unique violation when the workspace already has a role of that name. */
export async function insertCustomRole(
  trx: BillfoldTransaction,
  role: { id: string; workspaceId: string; name: string; statement: string; createdAt: Date },
): Promise<void> {
  await trx
    .insertInto('organizationRole')
    .values({
      id: role.id,
      organizationId: role.workspaceId,
      role: role.name,
      permission: role.statement,
      createdAt: role.createdAt,
      updatedAt: null,
    })
    .execute();
}
