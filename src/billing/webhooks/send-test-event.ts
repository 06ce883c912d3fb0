// sendWebhookTestEvent: a `webhook_endpoint.test` event to this one endpoint, to check that the receiver gets and
// verifies it. The event is written already published and without a sequence number, so it is no event of the
// workspace and no other endpoint gets it; one pending delivery carries it at the delivery run's next turn.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { testEventType } from '../events/event-types.ts';
import { type DeliveryLogEntry, findDelivery } from './delivery-log.queries.ts';
import type { EndpointManager } from './endpoint-manager.ts';
import { endpointViewOf } from './endpoint-view.ts';
import { existingEndpoint } from './list-endpoints.ts';
import { insertPendingDelivery, insertPublishedTestEvent, type WebhookEndpoint } from './webhook-endpoints.queries.ts';

export async function sendWebhookTestEvent(
  deps: BillingDeps,
  by: EndpointManager,
  endpointId: string,
): Promise<DeliveryLogEntry> {
  return inTransaction(deps.db, async (trx) => {
    const endpoint = await existingEndpoint(trx, by.workspace.id, endpointId, { lock: true });
    assertSendable(endpoint, 'send it a test event');
    const at = toDate(deps.wallClock.now());
    const eventId = newId('evt');
    const deliveryId = newId('whd');
    // Like every event, `data.object` is the resource as the API shows it: here, the endpoint tested.
    await insertPublishedTestEvent(trx, {
      id: eventId,
      workspaceId: by.workspace.id,
      type: testEventType,
      data: { object: endpointViewOf(endpoint, at) },
      at,
    });
    await insertPendingDelivery(trx, {
      id: deliveryId,
      workspaceId: by.workspace.id,
      endpointId,
      eventId,
      replayOf: null,
      at,
    });
    await recordAudit(trx, deps.wallClock, {
      workspaceId: by.workspace.id,
      actor: by.actor,
      action: 'webhook_endpoint.test_sent',
      targetId: endpointId,
      after: { eventId, deliveryId },
    });
    const delivery = await findDelivery(trx, by.workspace.id, deliveryId);
    if (!delivery) throw new Error(`delivery ${deliveryId} was just written`);
    return delivery;
  });
}

/** Deliveries are asked of an enabled endpoint only: a disabled one is sent nothing until enabled again. */
export function assertSendable(endpoint: WebhookEndpoint, what: string): void {
  if (!endpoint.enabled) {
    throw new BillingError(
      'webhook_endpoint_conflict',
      `The webhook endpoint ${endpoint.id} is disabled. Enable it to ${what}.`,
      { param: 'endpoint' },
    );
  }
}
