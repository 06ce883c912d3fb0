// Publishes written events: gives each its workspace's next sequence number (gap-less, in the order events
// were written) and hands the batch to the subscribers (webhook deliveries, emails) in the same transaction.
// One process publishes at a time; the others find the turn taken and return.

import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import type { BillingDeps } from '../deps.ts';
import type { PublishedEvent } from './event-subscriber.ts';
import {
  markEventsPublished,
  reserveSequenceNumbers,
  takePublishingTurn,
  unpublishedEvents,
} from './outbox.queries.ts';
import type { BillingEventType } from './record-event.ts';

/** Publishes up to `limit` events; returns how many. */
export async function publishEvents(deps: BillingDeps, limit = 1000): Promise<number> {
  return inTransaction(deps.db, async (trx) => {
    if (!(await takePublishingTurn(trx))) return 0;
    const rows = await unpublishedEvents(trx, limit);
    if (rows.length === 0) return 0;
    const byWorkspace = new Map<string, typeof rows>();
    for (const row of rows) byWorkspace.set(row.workspaceId, [...(byWorkspace.get(row.workspaceId) ?? []), row]);
    const published: PublishedEvent[] = [];
    for (const [workspaceId, events] of byWorkspace) {
      const first = await reserveSequenceNumbers(trx, workspaceId, events.length);
      for (const [i, event] of events.entries()) {
        published.push({ ...event, type: event.type as BillingEventType, sequence: first + i });
      }
    }
    await markEventsPublished(trx, published, toDate(deps.wallClock.now()));
    for (const subscriber of deps.eventSubscribers) await subscriber(trx, deps, published);
    return published.length;
  });
}
