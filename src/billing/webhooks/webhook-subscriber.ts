// Queues webhook deliveries as events are published: one pending delivery per event and per enabled endpoint
// of the event's workspace that listens to its type, inside the publishing transaction (an event is published
// exactly when its deliveries exist), written in one statement per publishing batch.
import { toDate } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import type { EventSubscriber } from '../events/event-subscriber.ts';
import { type DeliveryToQueue, insertPendingDeliveries, listeningEndpoints } from './webhook-deliveries.queries.ts';

export const queueWebhookDeliveries: EventSubscriber = async (trx, deps, events) => {
  if (events.length === 0) return;
  const endpoints = await listeningEndpoints(trx, [...new Set(events.map((e) => e.workspaceId))]);
  if (endpoints.length === 0) return;
  const byWorkspace = new Map<string, typeof endpoints>();
  for (const endpoint of endpoints)
    byWorkspace.set(endpoint.workspaceId, [...(byWorkspace.get(endpoint.workspaceId) ?? []), endpoint]);
  const deliveries: DeliveryToQueue[] = [];
  for (const event of events) {
    for (const endpoint of byWorkspace.get(event.workspaceId) ?? []) {
      if (endpoint.eventTypes.length > 0 && !endpoint.eventTypes.includes(event.type)) continue;
      deliveries.push({ id: newId('whd'), workspaceId: event.workspaceId, endpointId: endpoint.id, eventId: event.id });
    }
  }
  await insertPendingDeliveries(trx, deliveries, toDate(deps.wallClock.now()));
};
