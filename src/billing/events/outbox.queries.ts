// SQL for the outbox: the row of a billing event, and writing it inside the caller's transaction.
import type { Insertable } from 'kysely';
import type { OutboxEventTable } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { newId } from '../../domain/ids.ts';
import type { BillingEvent } from './record-event.ts';

export async function insertOutboxEvent(trx: BillfoldTransaction, event: BillingEvent, at: Date): Promise<void> {
  await trx.insertInto('outbox_event').values(outboxRowOf(event, at)).execute();
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
