// replayWebhookDelivery: sends a delivered (or failed) event again to the same endpoint as a new delivery that
// names the one it replays. It is the same event, so the receiver sees the same webhook-id and can tell.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { type DeliveryLogEntry, findDelivery } from './delivery-log.queries.ts';
import type { EndpointManager } from './endpoint-manager.ts';
import { existingEndpoint } from './list-endpoints.ts';
import { assertSendable } from './send-test-event.ts';
import { insertPendingDelivery } from './webhook-endpoints.queries.ts';

/** `endpointId`: the endpoint the caller names the delivery under (the API's path), or null (the CLI). */
export async function replayWebhookDelivery(
  deps: BillingDeps,
  by: EndpointManager,
  deliveryId: string,
  endpointId: string | null,
): Promise<DeliveryLogEntry> {
  return inTransaction(deps.db, async (trx) => {
    if (endpointId !== null) await existingEndpoint(trx, by.workspace.id, endpointId);
    const original = await findDelivery(trx, by.workspace.id, deliveryId);
    if (!original || (endpointId !== null && original.endpointId !== endpointId)) {
      throw new BillingError('not_found', `No webhook delivery ${deliveryId} of this endpoint.`, { param: 'delivery' });
    }
    const endpoint = await existingEndpoint(trx, by.workspace.id, original.endpointId, { lock: true });
    assertSendable(endpoint, 'replay a delivery');
    const at = toDate(deps.wallClock.now());
    const replayId = newId('whd');
    await insertPendingDelivery(trx, {
      id: replayId,
      workspaceId: by.workspace.id,
      endpointId: endpoint.id,
      eventId: original.eventId,
      replayOf: original.id,
      at,
    });
    await recordAudit(trx, deps.wallClock, {
      workspaceId: by.workspace.id,
      actor: by.actor,
      action: 'webhook_delivery.replayed',
      targetId: original.id,
      after: { deliveryId: replayId, eventId: original.eventId, endpointId: endpoint.id },
    });
    const replay = await findDelivery(trx, by.workspace.id, replayId);
    if (!replay) throw new Error(`delivery ${replayId} was just written`);
    return replay;
  });
}
