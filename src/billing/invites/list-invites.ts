// listInvites: the workspace's pending invites (expired ones marked), oldest first, keyset-paginated.
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type InviteView, toInviteView } from './invite-view.ts';

export async function listInvites(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<InviteView>> {
  let query = deps.db
    .selectFrom('invitation')
    .selectAll()
    .where('organizationId', '=', access.workspace.id)
    .where('status', '=', 'pending')
    .orderBy('id')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('id', '>', page.startingAfter);
  const rows = await query.execute();
  const now = deps.clock.now();
  return toPage(
    rows.map((row) => toInviteView(deps, row, now)),
    page.limit,
  );
}
