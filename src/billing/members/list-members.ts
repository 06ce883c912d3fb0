// listMembers: the workspace's members and their roles, in joining order, keyset-paginated.
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type MemberView, selectMembers } from './member-view.ts';

export async function listMembers(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<MemberView>> {
  let query = selectMembers(deps.db, access.workspace.id)
    .orderBy('member.id')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('member.id', '>', page.startingAfter);
  return toPage(await query.execute(), page.limit);
}
