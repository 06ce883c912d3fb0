// SQL for a workspace's custom roles (better-auth's organizationRole table): find one's stored permission
// statement, list them by name, create, change and delete one, and move the members and invites holding one.
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

/** Renames a custom role and sets its statement; the caller has checked it exists. */
export async function updateCustomRole(
  trx: BillfoldTransaction,
  workspaceId: string,
  name: string,
  next: { name: string; statement: string; updatedAt: Date },
): Promise<void> {
  await trx
    .updateTable('organizationRole')
    .set({ role: next.name, permission: next.statement, updatedAt: next.updatedAt })
    .where('organizationId', '=', workspaceId)
    .where('role', '=', name)
    .execute();
}

export async function deleteCustomRole(trx: BillfoldTransaction, workspaceId: string, name: string): Promise<void> {
  await trx.deleteFrom('organizationRole').where('organizationId', '=', workspaceId).where('role', '=', name).execute();
}

/** The user ids of the members holding `role`. */
export async function roleHolders(trx: BillfoldTransaction, workspaceId: string, role: string): Promise<string[]> {
  const members = await trx
    .selectFrom('member')
    .select('userId')
    .where('organizationId', '=', workspaceId)
    .where('role', '=', role)
    .execute();
  return members.map((m) => m.userId);
}

/** Moves every member and pending invite holding `from` to `to`; answers the members' user ids. */
export async function reassignRoleHolders(
  trx: BillfoldTransaction,
  workspaceId: string,
  from: string,
  to: string,
): Promise<string[]> {
  const members = await trx
    .updateTable('member')
    .set({ role: to })
    .where('organizationId', '=', workspaceId)
    .where('role', '=', from)
    .returning('userId')
    .execute();
  await trx
    .updateTable('invitation')
    .set({ role: to })
    .where('organizationId', '=', workspaceId)
    .where('role', '=', from)
    .where('status', '=', 'pending')
    .execute();
  return members.map((m) => m.userId);
}
