// listInvites: the workspace's pending invites (expired ones marked), oldest first, keyset-paginated.
import type { Page, PageRequest } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type InviteView, toInviteView } from './invite-view.ts';
import { listPendingInvites } from './invites.queries.ts';

export async function listInvites(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<InviteView>> {
  const { data, hasMore } = await listPendingInvites(deps.db, access.workspace.id, page);
  const now = deps.clock.now();
  return { data: data.map((invite) => toInviteView(deps, invite, now)), hasMore };
}
