// Reading a workspace's webhook endpoints: the list, oldest first and keyset-paginated, and one endpoint (another
// workspace's or a deleted one is not found). Neither ever carries a secret.
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import type { BillingDeps } from '../deps.ts';
import type { EndpointManager } from './endpoint-manager.ts';
import { type EndpointView, endpointViewOf } from './endpoint-view.ts';
import { findEndpoint, listEndpointsAfter, type WebhookEndpoint } from './webhook-endpoints.queries.ts';

export async function listWebhookEndpoints(
  deps: BillingDeps,
  by: EndpointManager,
  page: PageRequest,
): Promise<Page<EndpointView>> {
  const now = toDate(deps.wallClock.now());
  const rows = await listEndpointsAfter(deps.db, by.workspace.id, page.limit + 1, page.startingAfter);
  return toPage(
    rows.map((endpoint) => endpointViewOf(endpoint, now)),
    page.limit,
  );
}

export async function getWebhookEndpoint(deps: BillingDeps, by: EndpointManager, endpointId: string) {
  return endpointViewOf(await existingEndpoint(deps.db, by.workspace.id, endpointId), toDate(deps.wallClock.now()));
}

/** The endpoint, or the 404 every endpoint route answers for one that is not the workspace's (or is deleted). */
export async function existingEndpoint(
  db: Parameters<typeof findEndpoint>[0],
  workspaceId: string,
  endpointId: string,
  options: { lock?: boolean } = {},
): Promise<WebhookEndpoint> {
  const endpoint = await findEndpoint(db, workspaceId, endpointId, options);
  if (!endpoint) {
    throw new BillingError('not_found', `No webhook endpoint ${endpointId} in this workspace.`, { param: 'endpoint' });
  }
  return endpoint;
}
