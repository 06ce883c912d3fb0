// Writes audit-log entries (actor, action, before/after) inside the caller's transaction.

import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { Clock } from '../../domain/clock.ts';
import { toDate } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { type AuditEntry, insertAuditEntries } from './audit.queries.ts';

export async function recordAudit(trx: BillfoldTransaction, clock: Clock, entry: AuditEntry): Promise<void> {
  await recordAudits(trx, clock, [entry]);
}

/** Several entries in one statement (a batch of renewals), in their order. */
export async function recordAudits(
  trx: BillfoldTransaction,
  clock: Clock,
  entries: readonly AuditEntry[],
): Promise<void> {
  await insertAuditEntries(
    trx,
    entries.map((entry) => ({ id: newId('aud'), entry })),
    toDate(clock.now()),
  );
}
