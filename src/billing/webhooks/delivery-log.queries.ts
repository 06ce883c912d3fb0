// SQL reading an endpoint's delivery log: its deliveries newest first, each with its event's type, and one
// delivery of the workspace (for a replay).
import type { Kysely } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { Database } from '../../db/tables.ts';

export interface DeliveryLogEntry {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  responseStatus: number | null;
  durationMs: number | null;
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  error: string | null;
  /** As the delivery run kept it: the start of the answer, cut by the sender (webhook-sender.ts). */
  responseBody: string | null;
  replayOf: string | null;
}

function selectEntries(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('webhook_delivery')
    .innerJoin('outbox_event', 'outbox_event.id', 'webhook_delivery.event_id')
    .select([
      'webhook_delivery.id',
      'webhook_delivery.endpoint_id',
      'webhook_delivery.event_id',
      'outbox_event.type as event_type',
      'webhook_delivery.status',
      'webhook_delivery.response_status',
      'webhook_delivery.duration_ms',
      'webhook_delivery.attempts',
      'webhook_delivery.next_attempt_at',
      'webhook_delivery.created_at',
      'webhook_delivery.last_attempt_at',
      'webhook_delivery.error',
      'webhook_delivery.response_body',
      'webhook_delivery.replay_of',
    ])
    .where('webhook_delivery.workspace_id', '=', workspaceId);
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['executeTakeFirstOrThrow']>>;

function toEntry(row: EntryRow): DeliveryLogEntry {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    responseStatus: row.response_status,
    durationMs: row.duration_ms,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
    error: row.error,
    responseBody: row.response_body,
    replayOf: row.replay_of,
  };
}

/**
 * The endpoint's deliveries before `startingAfter`, newest first (ids are time-ordered), `rows` of them (the
 * caller asks one extra to tell whether there are more).
 */
export async function deliveriesOfEndpoint(
  db: BillfoldDb,
  workspaceId: string,
  endpointId: string,
  rows: number,
  startingAfter: string | undefined,
): Promise<DeliveryLogEntry[]> {
  let query = selectEntries(db, workspaceId)
    .where('webhook_delivery.endpoint_id', '=', endpointId)
    .orderBy('webhook_delivery.id', 'desc')
    .limit(rows);
  if (startingAfter) query = query.where('webhook_delivery.id', '<', startingAfter);
  return (await query.execute()).map(toEntry);
}

/** One delivery of the workspace, whichever endpoint it went to. */
export async function findDelivery(
  db: Kysely<Database>,
  workspaceId: string,
  deliveryId: string,
): Promise<DeliveryLogEntry | null> {
  const row = await selectEntries(db, workspaceId).where('webhook_delivery.id', '=', deliveryId).executeTakeFirst();
  return row ? toEntry(row) : null;
}
