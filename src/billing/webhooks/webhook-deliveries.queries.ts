// SQL of the delivery run: the endpoints an event goes to, queuing deliveries, claiming due ones under a lease,
// and writing each batch's outcomes in one statement (plus the endpoints' failing mark).
import { sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export interface ListeningEndpoint {
  id: string;
  workspaceId: string;
  /** Empty: every event type. */
  eventTypes: string[];
}

/** The enabled, not deleted endpoints of these workspaces. */
export async function listeningEndpoints(
  trx: BillfoldTransaction,
  workspaceIds: readonly string[],
): Promise<ListeningEndpoint[]> {
  if (workspaceIds.length === 0) return [];
  const rows = await trx
    .selectFrom('webhook_endpoint')
    .select(['id', 'workspace_id', 'event_types'])
    .where('workspace_id', 'in', [...workspaceIds])
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, eventTypes: r.event_types }));
}

export interface DeliveryToQueue {
  id: string;
  workspaceId: string;
  endpointId: string;
  eventId: string;
}

/**
 * Queues pending deliveries, due at once, in one statement. Each is due a microsecond after the one before
 * it (all at or before `at`), so the due-index hands an endpoint's first attempts out in publication order.
 */
export async function insertPendingDeliveries(
  trx: BillfoldTransaction,
  deliveries: readonly DeliveryToQueue[],
  at: Date,
): Promise<void> {
  if (deliveries.length === 0) return;
  const count = deliveries.length;
  await sql`insert into webhook_delivery
      (id, workspace_id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
    select q.id, q.workspace_id, q.endpoint_id, q.event_id, 'pending', 0,
      ${at}::timestamptz - (${count}::int - q.n::int) * interval '1 microsecond', ${at}::timestamptz
    from unnest(
      ${deliveries.map((d) => d.id)}::text[],
      ${deliveries.map((d) => d.workspaceId)}::text[],
      ${deliveries.map((d) => d.endpointId)}::text[],
      ${deliveries.map((d) => d.eventId)}::text[]
    ) with ordinality as q(id, workspace_id, endpoint_id, event_id, n)`.execute(trx);
}

export interface ClaimedDelivery {
  id: string;
  workspaceId: string;
  /** Attempts made before this one. */
  attempts: number;
  nextAttemptAt: Date;
  endpoint: {
    id: string;
    url: string;
    deleted: boolean;
    secretSealed: string;
    previousSecretSealed: string | null;
    previousSecretExpiresAt: Date | null;
  };
  event: {
    id: string;
    type: string;
    createdAt: Date;
    workspaceId: string;
    sequence: number | null;
    data: unknown;
  };
}

/**
 * Claims up to `limit` due pending deliveries, oldest due first, by leasing them until `leasedUntil`; one
 * statement, so the rows are locked (SKIP LOCKED: concurrent runs take different ones) only while it runs.
 * A disabled endpoint's deliveries are left waiting; a deleted endpoint's are claimed so they can be closed.
 * `busyEndpointIds`: endpoints this process is already sending to at its limit, not claimed for now.
 */
export async function claimDueDeliveries(
  db: BillfoldDb,
  claim: { now: Date; leasedUntil: Date; limit: number; busyEndpointIds: readonly string[] },
): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<{
    id: string;
    workspace_id: string;
    attempts: number;
    next_attempt_at: Date;
    endpoint_id: string;
    url: string;
    deleted_at: Date | null;
    secret_sealed: string;
    previous_secret_sealed: string | null;
    previous_secret_expires_at: Date | null;
    event_id: string;
    type: string;
    event_created_at: Date;
    event_workspace_id: string;
    sequence: number | null;
    data: unknown;
  }>`with due as (
      select d.id from webhook_delivery d
      join webhook_endpoint e on e.id = d.endpoint_id
      where d.status = 'pending' and d.next_attempt_at <= ${claim.now}
        and (d.leased_until is null or d.leased_until <= ${claim.now})
        and (e.enabled or e.deleted_at is not null)
        and d.endpoint_id <> all(${[...claim.busyEndpointIds]}::text[])
      order by d.next_attempt_at
      limit ${claim.limit}
      for update of d skip locked
    )
    update webhook_delivery d set leased_until = ${claim.leasedUntil}
    from due, webhook_endpoint e, outbox_event o
    where d.id = due.id and e.id = d.endpoint_id and o.id = d.event_id
    returning d.id, d.workspace_id, d.attempts, d.next_attempt_at, e.id as endpoint_id, e.url, e.deleted_at,
      e.secret_sealed, e.previous_secret_sealed, e.previous_secret_expires_at, o.id as event_id, o.type,
      o.created_at as event_created_at, o.workspace_id as event_workspace_id, o.sequence, o.data`.execute(db);
  return rows
    .map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      attempts: Number(r.attempts),
      nextAttemptAt: new Date(r.next_attempt_at),
      endpoint: {
        id: r.endpoint_id,
        url: r.url,
        deleted: r.deleted_at !== null,
        secretSealed: r.secret_sealed,
        previousSecretSealed: r.previous_secret_sealed,
        previousSecretExpiresAt: r.previous_secret_expires_at === null ? null : new Date(r.previous_secret_expires_at),
      },
      event: {
        id: r.event_id,
        type: r.type,
        createdAt: new Date(r.event_created_at),
        workspaceId: r.event_workspace_id,
        sequence: r.sequence === null ? null : Number(r.sequence),
        data: r.data,
      },
    }))
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
}

/** Gives claimed deliveries that were not sent back at once (their lease ends), for any run to claim again. */
export async function releaseDeliveries(db: BillfoldDb, ids: readonly string[], leasedUntil: Date): Promise<void> {
  if (ids.length === 0) return;
  await sql`update webhook_delivery set leased_until = null
    where id = any(${[...ids]}::text[]) and status = 'pending' and leased_until = ${leasedUntil}`.execute(db);
}

export interface AttemptOutcome {
  deliveryId: string;
  status: 'pending' | 'succeeded' | 'failed';
  attemptedAt: Date;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  /** When it is tried again; null once it succeeded or failed. */
  nextAttemptAt: Date | null;
  /** The lease the attempt was made under. */
  leasedUntil: Date;
}

export interface RecordedOutcome {
  deliveryId: string;
  endpointId: string;
  workspaceId: string;
  status: 'pending' | 'succeeded' | 'failed';
}

/**
 * Writes a batch of attempts in one statement: attempts + 1 and the attempt's answer, and the lease given back.
 * Only deliveries still under this run's lease are written (a run whose lease ran out lost them to another).
 */
export async function recordAttempts(
  trx: BillfoldTransaction,
  outcomes: readonly AttemptOutcome[],
): Promise<RecordedOutcome[]> {
  if (outcomes.length === 0) return [];
  const column = <T>(pick: (o: AttemptOutcome) => T) => outcomes.map(pick);
  const { rows } = await sql<{ id: string; endpoint_id: string; workspace_id: string; status: string }>`
    update webhook_delivery d set
      status = v.status, attempts = d.attempts + 1, last_attempt_at = v.attempted_at,
      response_status = v.response_status, response_body = v.response_body, error = v.error,
      duration_ms = v.duration_ms, next_attempt_at = v.next_attempt_at, leased_until = null
    from unnest(
      ${column((o) => o.deliveryId)}::text[],
      ${column((o) => o.status)}::text[],
      ${column((o) => o.attemptedAt.toISOString())}::timestamptz[],
      ${column((o) => o.responseStatus)}::int[],
      ${column((o) => o.responseBody)}::text[],
      ${column((o) => o.error)}::text[],
      ${column((o) => o.durationMs)}::int[],
      ${column((o) => o.nextAttemptAt?.toISOString() ?? null)}::timestamptz[],
      ${column((o) => o.leasedUntil.toISOString())}::timestamptz[]
    ) as v(id, status, attempted_at, response_status, response_body, error, duration_ms, next_attempt_at,
      leased_until)
    where d.id = v.id and d.status = 'pending' and d.leased_until = v.leased_until
    returning d.id, d.endpoint_id, d.workspace_id, d.status`.execute(trx);
  return rows.map((r) => ({
    deliveryId: r.id,
    endpointId: r.endpoint_id,
    workspaceId: r.workspace_id,
    status: r.status as RecordedOutcome['status'],
  }));
}

/** Closes the deliveries of endpoints deleted while they waited: failed, no attempt made. */
export async function closeDeliveriesOfDeletedEndpoints(
  trx: BillfoldTransaction,
  ids: readonly string[],
  leasedUntil: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await sql`update webhook_delivery
    set status = 'failed', error = 'The endpoint was deleted.', next_attempt_at = null, leased_until = null
    where id = any(${[...ids]}::text[]) and status = 'pending' and leased_until = ${leasedUntil}`.execute(trx);
}

/** Marks endpoints failing from `at`, those not failing already; answers the ones newly marked. */
export async function markEndpointsFailing(
  trx: BillfoldTransaction,
  endpointIds: readonly string[],
  at: Date,
): Promise<{ id: string; workspaceId: string; url: string; failingSince: Date }[]> {
  if (endpointIds.length === 0) return [];
  const rows = await trx
    .updateTable('webhook_endpoint')
    .set({ failing_since: at })
    .where('id', 'in', [...endpointIds])
    .where('failing_since', 'is', null)
    .returning(['id', 'workspace_id', 'url', 'failing_since'])
    .execute();
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, url: r.url, failingSince: at }));
}

/** A delivered event clears the endpoint's failing mark. */
export async function clearEndpointsFailing(trx: BillfoldTransaction, endpointIds: readonly string[]): Promise<void> {
  if (endpointIds.length === 0) return;
  await trx
    .updateTable('webhook_endpoint')
    .set({ failing_since: null })
    .where('id', 'in', [...endpointIds])
    .where('failing_since', 'is not', null)
    .execute();
}
