// What a member's role change or departure does to the keys they created, in that change's transaction: a key
// never allows more than its creator's role could give it now, and a departed member's keys stop working.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { grantableScopes } from '../../domain/access/api-key-scopes.ts';
import { type AccessSettings, grantsOf, type WorkspaceRole } from '../../domain/access/permissions.ts';
import { type Clock, toDate } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { lockActiveKeysOf, revokeIfActive, setScopes } from './api-keys.queries.ts';

interface MemberChange {
  workspaceId: string;
  /** The member whose keys these are. */
  userId: string;
  /** Who changed or removed the member. */
  actor: AuditActor;
}

export async function revokeKeysOfDepartedMember(
  trx: BillfoldTransaction,
  clock: Clock,
  change: MemberChange,
): Promise<void> {
  for (const key of await lockActiveKeysOf(trx, change.workspaceId, change.userId)) {
    await revokeIfActive(trx, change.workspaceId, key.id, toDate(clock.now()));
    await recordAudit(trx, clock, {
      workspaceId: change.workspaceId,
      actor: change.actor,
      action: 'api_key.revoked',
      targetId: key.id,
      before: { name: key.name, prefix: key.prefix, scopes: key.scopes },
      after: { reason: 'member_removed' },
    });
  }
}

/** Drops the scopes the member's new role could not give; a key left with none is revoked. */
export async function narrowKeysToRole(
  trx: BillfoldTransaction,
  clock: Clock,
  settings: AccessSettings,
  change: MemberChange & { role: WorkspaceRole },
): Promise<void> {
  const grantable = grantableScopes(grantsOf({ kind: 'member', role: change.role }, settings));
  for (const key of await lockActiveKeysOf(trx, change.workspaceId, change.userId)) {
    const before = key.scopes;
    const after = before.filter((scope) => grantable.includes(scope));
    if (after.length === before.length) continue;
    if (after.length === 0) await revokeIfActive(trx, change.workspaceId, key.id, toDate(clock.now()));
    else await setScopes(trx, key.id, after);
    await recordAudit(trx, clock, {
      workspaceId: change.workspaceId,
      actor: change.actor,
      action: after.length === 0 ? 'api_key.revoked' : 'api_key.scopes_narrowed',
      targetId: key.id,
      before: { scopes: before },
      after: after.length === 0 ? { reason: 'member_role_changed' } : { scopes: after },
    });
  }
}
