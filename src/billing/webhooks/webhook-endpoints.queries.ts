// SQL for managing webhook endpoints: the endpoint rows (never their secrets in the clear: those arrive sealed),
// and the rows a test event or a replay writes (a published test event, a pending delivery to one endpoint).
import type { Kysely, Selectable } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { Database, WebhookEndpointTable } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

/** An endpoint as the use cases see it: what it is subscribed to and its state, not its secrets. */
export interface WebhookEndpoint {
  id: string;
  workspaceId: string;
  url: string;
  description: string;
  /** Empty: every event type. */
  eventTypes: string[];
  enabled: boolean;
  failingSince: Date | null;
  /** When the secret before the last rotation stops being accepted; null when there is none. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewEndpointRow {
  id: string;
  workspaceId: string;
  url: string;
  description: string;
  eventTypes: readonly string[];
  secretSealed: string;
  at: Date;
}

const endpointColumns = [
  'id',
  'workspace_id',
  'url',
  'description',
  'event_types',
  'enabled',
  'failing_since',
  'previous_secret_expires_at',
  'created_at',
  'updated_at',
] as const;

type EndpointRow = Pick<Selectable<WebhookEndpointTable>, (typeof endpointColumns)[number]>;

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.enabled,
    failingSince: row.failing_since,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertEndpoint(trx: BillfoldTransaction, row: NewEndpointRow): Promise<WebhookEndpoint> {
  const inserted = await trx
    .insertInto('webhook_endpoint')
    .values({
      id: row.id,
      workspace_id: row.workspaceId,
      url: row.url,
      description: row.description,
      event_types: [...row.eventTypes],
      enabled: true,
      secret_sealed: row.secretSealed,
      created_at: row.at,
      updated_at: row.at,
    })
    .returning(endpointColumns)
    .executeTakeFirstOrThrow();
  return toEndpoint(inserted);
}

/** How many endpoints the workspace has (deleted ones do not count). */
export async function countEndpoints(trx: BillfoldTransaction, workspaceId: string): Promise<number> {
  const row = await trx
    .selectFrom('webhook_endpoint')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The workspace's endpoints after `startingAfter`, oldest first (`rows` of them: the caller asks one extra). */
export async function listEndpointsAfter(
  db: BillfoldDb,
  workspaceId: string,
  rows: number,
  startingAfter: string | undefined,
): Promise<WebhookEndpoint[]> {
  let query = db
    .selectFrom('webhook_endpoint')
    .select(endpointColumns)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .limit(rows);
  if (startingAfter) query = query.where('id', '>', startingAfter);
  return (await query.execute()).map(toEndpoint);
}

/** One of the workspace's endpoints, unless deleted; locked until the transaction ends when `lock` is set. */
export async function findEndpoint(
  db: Kysely<Database>,
  workspaceId: string,
  endpointId: string,
  options: { lock?: boolean } = {},
): Promise<WebhookEndpoint | null> {
  let query = db
    .selectFrom('webhook_endpoint')
    .select(endpointColumns)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', endpointId)
    .where('deleted_at', 'is', null);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toEndpoint(row) : null;
}

export interface EndpointChanges {
  url?: string;
  description?: string;
  eventTypes?: readonly string[];
  enabled?: boolean;
  /** Set to null when the endpoint gets a fresh start (enabled again, or a new URL). */
  failingSince?: null;
}

export async function updateEndpoint(
  trx: BillfoldTransaction,
  endpointId: string,
  changes: EndpointChanges,
  at: Date,
): Promise<WebhookEndpoint> {
  const updated = await trx
    .updateTable('webhook_endpoint')
    .set({
      ...(changes.url === undefined ? {} : { url: changes.url }),
      ...(changes.description === undefined ? {} : { description: changes.description }),
      ...(changes.eventTypes === undefined ? {} : { event_types: [...changes.eventTypes] }),
      ...(changes.enabled === undefined ? {} : { enabled: changes.enabled }),
      ...(changes.failingSince === undefined ? {} : { failing_since: null }),
      updated_at: at,
    })
    .where('id', '=', endpointId)
    .returning(endpointColumns)
    .executeTakeFirstOrThrow();
  return toEndpoint(updated);
}

/**
 * A disabled endpoint's waiting deliveries are parked (no retry time), so the runs' due index does not hand them
 * out again and again only to pass over them; enabling the endpoint makes them due at `dueAt`.
 */
export async function setWaitingDeliveriesDue(
  trx: BillfoldTransaction,
  endpointId: string,
  dueAt: Date | null,
): Promise<void> {
  await trx
    .updateTable('webhook_delivery')
    .set({ next_attempt_at: dueAt })
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .where('next_attempt_at', dueAt === null ? 'is not' : 'is', null)
    .execute();
}

/** The new secret signs from now on; the current one becomes the previous, accepted until `previousExpiresAt`. */
export async function rotateSecret(
  trx: BillfoldTransaction,
  endpointId: string,
  newSecretSealed: string,
  previousExpiresAt: Date,
  at: Date,
): Promise<WebhookEndpoint> {
  const updated = await trx
    .updateTable('webhook_endpoint')
    .set((eb) => ({
      previous_secret_sealed: eb.ref('secret_sealed'),
      previous_secret_expires_at: previousExpiresAt,
      secret_sealed: newSecretSealed,
      updated_at: at,
    }))
    .where('id', '=', endpointId)
    .returning(endpointColumns)
    .executeTakeFirstOrThrow();
  return toEndpoint(updated);
}

/**
 * Deletes the endpoint (the row stays, marked, so its delivery log keeps its history) and gives up its pending
 * deliveries: nothing is sent to a deleted endpoint.
 */
export async function markEndpointDeleted(trx: BillfoldTransaction, endpointId: string, at: Date): Promise<void> {
  await trx
    .updateTable('webhook_endpoint')
    .set({ deleted_at: at, updated_at: at })
    .where('id', '=', endpointId)
    .execute();
  await trx
    .updateTable('webhook_delivery')
    .set({ status: 'failed', next_attempt_at: null, error: 'The endpoint was deleted.' })
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .execute();
}

export interface TestEventRow {
  id: string;
  workspaceId: string;
  type: string;
  data: unknown;
  at: Date;
}

/**
 * A test event, written already published and without a sequence number: the publisher does not hand it to the
 * subscribers (it goes to one endpoint only) and it takes no number of the workspace's event sequence.
 */
export async function insertPublishedTestEvent(trx: BillfoldTransaction, event: TestEventRow): Promise<void> {
  await trx
    .insertInto('outbox_event')
    .values({
      id: event.id,
      workspace_id: event.workspaceId,
      type: event.type,
      data: JSON.stringify(event.data),
      created_at: event.at,
      sequence: null,
      published_at: event.at,
    })
    .execute();
}

export interface NewDeliveryRow {
  id: string;
  workspaceId: string;
  endpointId: string;
  eventId: string;
  /** The delivery this one replays, or null. */
  replayOf: string | null;
  at: Date;
}

/** A delivery due now: the delivery run sends it at its next turn. */
export async function insertPendingDelivery(trx: BillfoldTransaction, delivery: NewDeliveryRow): Promise<void> {
  await trx
    .insertInto('webhook_delivery')
    .values({
      id: delivery.id,
      workspace_id: delivery.workspaceId,
      endpoint_id: delivery.endpointId,
      event_id: delivery.eventId,
      status: 'pending',
      attempts: 0,
      next_attempt_at: delivery.at,
      replay_of: delivery.replayOf,
      created_at: delivery.at,
    })
    .execute();
}
