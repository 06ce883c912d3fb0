// SQL for the audit log: appends entries (before/after stored as JSON) inside the caller's transaction.
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

/** Appends the entries in one statement, each with its id. */
export async function insertAuditEntries(
  trx: BillfoldTransaction,
  entries: readonly { id: string; entry: AuditEntry }[],
  at: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('audit_log')
    .values(
      entries.map(({ id, entry }) => ({
        id,
        workspace_id: entry.workspaceId,
        actor_type: entry.actor.type,
        actor_id: entry.actor.id,
        action: entry.action,
        target_id: entry.targetId,
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
        created_at: at,
      })),
    )
    .execute();
}
