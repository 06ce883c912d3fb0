// SQL for resolving a workspace and the caller's role in it.
import type { BillfoldDb } from '../../db/connection.ts';

export function findWorkspaceByRef(db: BillfoldDb, ref: string) {
  return db
    .selectFrom('organization')
    .select(['id', 'slug', 'name'])
    .where(ref.startsWith('ws_') ? 'id' : 'slug', '=', ref)
    .executeTakeFirst();
}

export function findMembership(db: BillfoldDb, workspaceId: string, userId: string) {
  return db
    .selectFrom('member')
    .select(['id', 'role'])
    .where('organizationId', '=', workspaceId)
    .where('userId', '=', userId)
    .executeTakeFirst();
}

export function findCustomRole(db: BillfoldDb, workspaceId: string, role: string) {
  return db
    .selectFrom('organizationRole')
    .select(['role', 'permission'])
    .where('organizationId', '=', workspaceId)
    .where('role', '=', role)
    .executeTakeFirst();
}
