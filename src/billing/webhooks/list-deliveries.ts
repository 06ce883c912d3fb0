// listWebhookDeliveries: an endpoint's delivery log, newest first and keyset-paginated: each delivery's event,
// status, the receiver's answer (truncated), duration, attempts and the next retry.
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { BillingDeps } from '../deps.ts';
import { type DeliveryLogEntry, deliveriesOfEndpoint } from './delivery-log.queries.ts';
import type { EndpointManager } from './endpoint-manager.ts';
import { existingEndpoint } from './list-endpoints.ts';

export async function listWebhookDeliveries(
  deps: BillingDeps,
  by: EndpointManager,
  endpointId: string,
  page: PageRequest,
): Promise<Page<DeliveryLogEntry>> {
  await existingEndpoint(deps.db, by.workspace.id, endpointId);
  const rows = await deliveriesOfEndpoint(deps.db, by.workspace.id, endpointId, page.limit + 1, page.startingAfter);
  return toPage(rows, page.limit);
}
