// Writes one audit-log entry (actor, action, before/after) inside the caller's transaction.

import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { Clock } from '../../domain/clock.ts';
import { toDate } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import type { AuditActor } from '../access/actor.ts';

export interface AuditEntry {
  workspaceId: string;
  actor: AuditActor;
  action: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(trx: BillfoldTransaction, clock: Clock, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: newId('aud'),
      workspace_id: entry.workspaceId,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      action: entry.action,
      target_id: entry.targetId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      created_at: toDate(clock.now()),
    })
    .execute();
}
