// listApiKeys: the workspace's active keys (never their tokens), oldest first, keyset-paginated.
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type ApiKeyView, listActiveKeys } from './api-keys.queries.ts';

export async function listApiKeys(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<ApiKeyView>> {
  return toPage(await listActiveKeys(deps.db, access.workspace.id, page.limit + 1, page.startingAfter), page.limit);
}
