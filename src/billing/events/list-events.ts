// The workspace's published events, newest first (GET …/events): what its webhooks carry, in the same JSON.
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type EventPayload, eventPayloadOf } from './event-payload.ts';
import { listPublishedEvents } from './outbox.queries.ts';
import type { BillingEventType, EventData } from './record-event.ts';

/** An event as listed: its type is one Billfold writes and its data the object and previous it was written with. */
export type ListedEvent = EventPayload & { type: BillingEventType; data: EventData };

export async function listEvents(
  deps: Pick<BillingDeps, 'db'>,
  access: WorkspaceAccess,
  query: PageRequest & { type?: BillingEventType | undefined },
): Promise<Page<ListedEvent>> {
  const rows = await listPublishedEvents(deps.db, access.workspace.id, { type: query.type }, query);
  const { data, hasMore } = toPage(rows, query.limit);
  // The outbox holds only what recordEvent wrote: a BillingEvent's type and data.
  return { data: data.map((row) => eventPayloadOf(row) as ListedEvent), hasMore };
}
