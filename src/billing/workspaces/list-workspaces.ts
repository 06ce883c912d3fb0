// listWorkspaces: the workspaces a user belongs to, with their role, what it lets them do there (so the page shows
// only the actions the server will accept) and the plan each is on (so the switcher offers what the plan sells).
import type { Page, PageRequest } from '../../db/keyset-page.ts';
import { grantsOf, type Permission } from '../../domain/access/permissions.ts';
import { workspaceRoleOf } from '../../domain/access/role-statement.ts';
import type { PlanKind } from '../../domain/plans/plan.ts';
import type { BillingDeps } from '../deps.ts';
import { findPlan } from '../plans/catalog.ts';
import { listMembershipsOfUser } from './workspaces.queries.ts';

export interface WorkspaceOfUser {
  id: string;
  slug: string;
  name: string;
  role: string;
  permissions: Permission[];
  plan: { id: string; name: string; kind: PlanKind };
  createdAt: Date;
}

export async function listWorkspaces(
  deps: BillingDeps,
  userId: string,
  page: PageRequest,
): Promise<Page<WorkspaceOfUser>> {
  const { data, hasMore } = await listMembershipsOfUser(deps.db, userId, page);
  const workspaces = data.map(({ customStatement, planId, ...membership }) => {
    const role = workspaceRoleOf(membership.role, customStatement);
    const { id, name, kind } = findPlan(deps.catalog, planId);
    return {
      ...membership,
      permissions: [...grantsOf({ kind: 'member', role }, deps.access)].sort(),
      plan: { id, name, kind },
    };
  });
  return { data: workspaces, hasMore };
}
