// SQL for the audit log: appends one entry (before/after stored as JSON) inside the caller's transaction.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';

export interface AuditEntry {
  workspaceId: string;
  actor: AuditActor;
  action: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
}

export async function insertAuditEntry(
  trx: BillfoldTransaction,
  id: string,
  entry: AuditEntry,
  at: Date,
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id,
      workspace_id: entry.workspaceId,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      action: entry.action,
      target_id: entry.targetId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      created_at: at,
    })
    .execute();
}
