// The JSON an event is sent and listed as (DESIGN.md §4): what webhooks carry and GET …/events answers.
import type { PublishedEvent } from './event-subscriber.ts';

export interface EventPayload {
  id: string;
  type: string;
  createdAt: string;
  workspaceId: string;
  /** Gap-less per workspace; null only for an endpoint's test event, which is no event of the workspace. */
  sequence: number | null;
  data: unknown;
}

export function eventPayloadOf(
  event: Omit<PublishedEvent, 'sequence' | 'type'> & { type: string; sequence: number | null },
): EventPayload {
  return {
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    workspaceId: event.workspaceId,
    sequence: event.sequence,
    data: event.data,
  };
}
