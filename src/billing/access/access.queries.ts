// SQL for resolving a workspace and the caller's role in it.
import type { BillfoldDb } from '../../db/connection.ts';

export function findWorkspaceByRef(db: BillfoldDb, ref: string) {
  return db
    .selectFrom('organization')
    .select(['id', 'slug', 'name'])
    .where(ref.startsWith('ws_') ? 'id' : 'slug', '=', ref)
    .executeTakeFirst();
}

export interface WorkspaceMembership {
  workspace: { id: string; slug: string; name: string };
  /** Null when the user is not a member. */
  member: { id: string; role: string; customRoleStatement: string | null } | null;
}

/** The workspace the ref names and the user's membership in it, with their custom role's statement: one round trip. */
export async function findWorkspaceMembership(
  db: BillfoldDb,
  ref: string,
  userId: string,
): Promise<WorkspaceMembership | undefined> {
  const row = await db
    .selectFrom('organization')
    .leftJoin('member', (join) =>
      join.onRef('member.organizationId', '=', 'organization.id').on('member.userId', '=', userId),
    )
    .leftJoin('organizationRole', (join) =>
      join
        .onRef('organizationRole.organizationId', '=', 'organization.id')
        .onRef('organizationRole.role', '=', 'member.role'),
    )
    .select([
      'organization.id',
      'organization.slug',
      'organization.name',
      'member.id as memberId',
      'member.role',
      'organizationRole.permission',
    ])
    .where(ref.startsWith('ws_') ? 'organization.id' : 'organization.slug', '=', ref)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    workspace: { id: row.id, slug: row.slug, name: row.name },
    member:
      row.memberId && row.role
        ? { id: row.memberId, role: row.role, customRoleStatement: row.permission ?? null }
        : null,
  };
}
