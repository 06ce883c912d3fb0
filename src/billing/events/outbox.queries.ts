// SQL for the outbox: the row of a billing event, writing it inside the caller's transaction, publishing it
// (a gap-less per-workspace sequence number and the published mark), and listing the published ones.
import { type Insertable, type Selectable, sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { OutboxEventTable } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { newId } from '../../domain/ids.ts';
import type { BillingEvent } from './record-event.ts';

/** Writes the events in one statement, in their order (their ids sort the same way). */
export async function insertOutboxEvents(
  trx: BillfoldTransaction,
  events: readonly BillingEvent[],
  at: Date,
): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('outbox_event')
    .values(events.map((event) => outboxRowOf(event, at)))
    .execute();
}

/** The outbox row of an event, for a caller that writes it as part of a larger statement. */
export function outboxRowOf(event: BillingEvent, at: Date): Insertable<OutboxEventTable> {
  return {
    id: newId('evt'),
    workspace_id: event.workspaceId,
    type: event.type,
    data: JSON.stringify(event.data),
    created_at: at,
  };
}

export interface OutboxEventRow {
  id: string;
  workspaceId: string;
  type: string;
  data: unknown;
  createdAt: Date;
}

const eventColumns = ['id', 'workspace_id', 'type', 'data', 'created_at'] as const;

function eventRowOf(r: Pick<Selectable<OutboxEventTable>, (typeof eventColumns)[number]>): OutboxEventRow {
  return { id: r.id, workspaceId: r.workspace_id, type: r.type, data: r.data, createdAt: r.created_at };
}

/**
 * Takes the publishing turn: one process publishes at a time, so sequence numbers follow publication order.
 * False when another process holds it (until its transaction ends).
 */
export async function takePublishingTurn(trx: BillfoldTransaction): Promise<boolean> {
  const { rows } = await sql<{
    taken: boolean;
  }>`select pg_try_advisory_xact_lock(${publishingLockKey}) as taken`.execute(trx);
  return rows[0]?.taken === true;
}

// A fixed key of the advisory lock space for "publishing events" (Billfold takes no other advisory lock).
const publishingLockKey = 7_221_004_011;

/** The oldest events not yet published, in the order they were written. */
export async function unpublishedEvents(trx: BillfoldTransaction, limit: number): Promise<OutboxEventRow[]> {
  const rows = await trx
    .selectFrom('outbox_event')
    .select(eventColumns)
    .where('published_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(eventRowOf);
}

/** Reserves `count` sequence numbers of a workspace; returns the first. */
export async function reserveSequenceNumbers(
  trx: BillfoldTransaction,
  workspaceId: string,
  count: number,
): Promise<number> {
  const row = await trx
    .insertInto('workspace_event_counter')
    .values({ workspace_id: workspaceId, last_sequence: count })
    .onConflict((oc) =>
      oc
        .column('workspace_id')
        .doUpdateSet({ last_sequence: sql<number>`workspace_event_counter.last_sequence + ${count}` }),
    )
    .returning('last_sequence')
    .executeTakeFirstOrThrow();
  return Number(row.last_sequence) - count + 1;
}

export async function markEventsPublished(
  trx: BillfoldTransaction,
  published: readonly { id: string; sequence: number }[],
  at: Date,
): Promise<void> {
  if (published.length === 0) return;
  const values = sql.join(published.map((e) => sql`(${e.id}::text, ${e.sequence}::bigint)`));
  await sql`update outbox_event set sequence = v.sequence, published_at = ${at}
    from (values ${values}) as v(id, sequence) where outbox_event.id = v.id`.execute(trx);
}

/**
 * Up to `limit + 1` published events of the workspace, newest first (by sequence), after the `startingAfter` event,
 * optionally of one type.
 */
export async function listPublishedEvents(
  db: BillfoldDb,
  workspaceId: string,
  filter: { type?: string | undefined },
  page: { limit: number; startingAfter?: string | undefined },
): Promise<(OutboxEventRow & { sequence: number })[]> {
  let query = db
    .selectFrom('outbox_event')
    .select([...eventColumns, 'sequence'])
    .where('workspace_id', '=', workspaceId)
    .where('sequence', 'is not', null)
    .orderBy('sequence', 'desc')
    .limit(page.limit + 1);
  if (filter.type) query = query.where('type', '=', filter.type);
  const after = page.startingAfter;
  if (after) {
    query = query.where('sequence', '<', (eb) =>
      eb.selectFrom('outbox_event').select('sequence').where('id', '=', after).where('workspace_id', '=', workspaceId),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({ ...eventRowOf(r), sequence: Number(r.sequence) }));
}
