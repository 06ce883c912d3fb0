// deleteWebhookEndpoint: the endpoint receives nothing more (its pending deliveries are given up) and is gone
// from the list; answers the endpoint as it was.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import type { EndpointManager } from './endpoint-manager.ts';
import { type EndpointView, endpointViewOf } from './endpoint-view.ts';
import { existingEndpoint } from './list-endpoints.ts';
import { markEndpointDeleted } from './webhook-endpoints.queries.ts';

export async function deleteWebhookEndpoint(
  deps: BillingDeps,
  by: EndpointManager,
  endpointId: string,
): Promise<EndpointView> {
  return inTransaction(deps.db, async (trx) => {
    const endpoint = await existingEndpoint(trx, by.workspace.id, endpointId, { lock: true });
    const at = toDate(deps.wallClock.now());
    await markEndpointDeleted(trx, endpointId, at);
    await recordAudit(trx, deps.wallClock, {
      workspaceId: by.workspace.id,
      actor: by.actor,
      action: 'webhook_endpoint.deleted',
      targetId: endpointId,
      before: {
        url: endpoint.url,
        description: endpoint.description,
        eventTypes: endpoint.eventTypes,
        enabled: endpoint.enabled,
      },
    });
    return endpointViewOf(endpoint, at);
  });
}
