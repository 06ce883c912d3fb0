// listWorkspaces: the workspaces a user belongs to, with their role and what it lets them do there
// (so the page shows only the actions the server will accept).
import type { Page, PageRequest } from '../../db/keyset-page.ts';
import { toPage } from '../../db/keyset-page.ts';
import { grantsOf, type Permission } from '../../domain/access/permissions.ts';
import type { BillingDeps } from '../deps.ts';
import { workspaceRoleOf } from '../roles/role-statement.ts';

export interface WorkspaceOfUser {
  id: string;
  slug: string;
  name: string;
  role: string;
  permissions: Permission[];
  createdAt: Date;
}

export async function listWorkspaces(
  deps: BillingDeps,
  userId: string,
  page: PageRequest,
): Promise<Page<WorkspaceOfUser>> {
  let query = deps.db
    .selectFrom('member')
    .innerJoin('organization', 'organization.id', 'member.organizationId')
    .leftJoin('organizationRole', (join) =>
      join
        .onRef('organizationRole.organizationId', '=', 'member.organizationId')
        .onRef('organizationRole.role', '=', 'member.role'),
    )
    .select([
      'organization.id',
      'organization.slug',
      'organization.name',
      'organization.createdAt',
      'member.role',
      'organizationRole.permission as customStatement',
    ])
    .where('member.userId', '=', userId)
    .orderBy('organization.id')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('organization.id', '>', page.startingAfter);
  const rows = await query.execute();
  const workspaces = rows.map(({ customStatement, ...row }) => {
    const role = workspaceRoleOf(row.role, customStatement);
    return { ...row, permissions: [...grantsOf({ kind: 'member', role }, deps.access)].sort() };
  });
  return toPage(workspaces, page.limit);
}
