// listMembers: the workspace's members and their roles, in joining order, keyset-paginated.
import type { Page, PageRequest } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import type { MemberView } from './member-view.ts';
import { listMembersPage } from './members.queries.ts';

export async function listMembers(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<MemberView>> {
  return listMembersPage(deps.db, access.workspace.id, page);
}
