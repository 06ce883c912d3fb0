// listWorkspaces: the workspaces a user belongs to, with their role and what it lets them do there
// (so the page shows only the actions the server will accept).
import type { Page, PageRequest } from '../../db/keyset-page.ts';
import { grantsOf, type Permission } from '../../domain/access/permissions.ts';
import { workspaceRoleOf } from '../../domain/access/role-statement.ts';
import type { BillingDeps } from '../deps.ts';
import { listMembershipsOfUser } from './workspaces.queries.ts';

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
  const { data, hasMore } = await listMembershipsOfUser(deps.db, userId, page);
  const workspaces = data.map(({ customStatement, ...membership }) => {
    const role = workspaceRoleOf(membership.role, customStatement);
    return { ...membership, permissions: [...grantsOf({ kind: 'member', role }, deps.access)].sort() };
  });
  return { data: workspaces, hasMore };
}
