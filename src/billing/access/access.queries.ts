// SQL for resolving a workspace and the caller's role in it, alone or with the session that names the caller.

import type { SessionWithUser } from '../../auth/session.queries.ts';
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
  return row && membershipOf(row);
}

/** A session cookie's session and user, with the membership of that user in the workspace `ref` names. */
export interface SessionWithMembership extends SessionWithUser {
  /** Undefined when no workspace has that ref. */
  membership: WorkspaceMembership | undefined;
}

// A signed-in request to a workspace's route reads this (its caller and its access in one round trip): compiled
// once, by id and by slug.
const sessionMembershipBy = (column: 'organization.id' | 'organization.slug') =>
  compiledOnce((db, token: string, ref: string) =>
    db
      .selectFrom('session')
      .innerJoin('user', 'user.id', 'session.userId')
      .leftJoin('organization', (join) => join.on(column, '=', ref))
      .leftJoin('member', (join) =>
        join.onRef('member.organizationId', '=', 'organization.id').onRef('member.userId', '=', 'session.userId'),
      )
      .leftJoin('organizationRole', (join) =>
        join
          .onRef('organizationRole.organizationId', '=', 'organization.id')
          .onRef('organizationRole.role', '=', 'member.role'),
      )
      .select([
        'session.expiresAt',
        'session.userId',
        'user.email',
        'user.name as userName',
        'organization.id',
        'organization.slug',
        'organization.name',
        'member.id as memberId',
        'member.role',
        'organizationRole.permission',
      ])
      .where('session.token', '=', token),
  );
const sessionMembershipById = sessionMembershipBy('organization.id');
const sessionMembershipBySlug = sessionMembershipBy('organization.slug');

export async function findSessionWithMembership(
  db: BillfoldDb,
  token: string,
  ref: string,
): Promise<SessionWithMembership | undefined> {
  const row = await (ref.startsWith('ws_') ? sessionMembershipById : sessionMembershipBySlug).first(db, token, ref);
  if (!row) return undefined;
  const { id, slug, name } = row;
  return {
    expiresAt: row.expiresAt,
    userId: row.userId,
    email: row.email,
    name: row.userName,
    membership: id && slug && name ? membershipOf({ ...row, id, slug, name }) : undefined,
  };
}

function membershipOf(row: {
  id: string;
  slug: string;
  name: string;
  memberId: string | null;
  role: string | null;
  permission: string | null;
}): WorkspaceMembership {
  return {
    workspace: { id: row.id, slug: row.slug, name: row.name },
    member:
      row.memberId && row.role
        ? { id: row.memberId, role: row.role, customRoleStatement: row.permission ?? null }
        : null,
  };
}
