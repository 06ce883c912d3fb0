// SQL for resolving a workspace and the caller's role in it.

import { compiledOnce } from '../../db/compiled-once.ts';
import type { BillfoldDb } from '../../db/connection.ts';

// Every route an API key calls reads this: compiled once, by id and by slug.
const workspaceBy = (column: 'id' | 'slug') =>
  compiledOnce((db, ref: string) =>
    db.selectFrom('organization').select(['id', 'slug', 'name']).where(column, '=', ref),
  );
const workspaceById = workspaceBy('id');
const workspaceBySlug = workspaceBy('slug');

export function findWorkspaceByRef(db: BillfoldDb, ref: string) {
  return (ref.startsWith('ws_') ? workspaceById : workspaceBySlug).first(db, ref);
}

export interface WorkspaceMembership {
  workspace: { id: string; slug: string; name: string };
  /** Null when the user is not a member. */
  member: { id: string; role: string; customRoleStatement: string | null } | null;
}

// Every route a signed-in user calls reads this: compiled once, by id and by slug.
const membershipBy = (column: 'organization.id' | 'organization.slug') =>
  compiledOnce((db, ref: string, userId: string) =>
    db
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
      .where(column, '=', ref),
  );
const membershipById = membershipBy('organization.id');
const membershipBySlug = membershipBy('organization.slug');

/** The workspace the ref names and the user's membership in it, with their custom role's statement: one round trip. */
export async function findWorkspaceMembership(
  db: BillfoldDb,
  ref: string,
  userId: string,
): Promise<WorkspaceMembership | undefined> {
  const row = await (ref.startsWith('ws_') ? membershipById : membershipBySlug).first(db, ref, userId);
  if (!row) return undefined;
  return {
    workspace: { id: row.id, slug: row.slug, name: row.name },
    member:
      row.memberId && row.role
        ? { id: row.memberId, role: row.role, customRoleStatement: row.permission ?? null }
        : null,
  };
}
