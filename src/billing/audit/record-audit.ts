// Writes one audit-log entry (actor, action, before/after) inside the caller's transaction.

import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { Clock } from '../../domain/clock.ts';
import { toDate } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { type AuditEntry, insertAuditEntry } from './audit.queries.ts';

export async function recordAudit(trx: BillfoldTransaction, clock: Clock, entry: AuditEntry): Promise<void> {
  await insertAuditEntry(trx, newId('aud'), entry, toDate(clock.now()));
}
