// revokeApiKey: ends a key at once (its next request is 401); revoking it again answers the same revoked key.
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { type ApiKeyView, findKey, revokeIfActive } from './api-keys.queries.ts';

export async function revokeApiKey(deps: BillingDeps, access: WorkspaceAccess, keyId: string): Promise<ApiKeyView> {
  return inTransaction(deps.db, async (trx) => {
    const revokedNow = await revokeIfActive(trx, access.workspace.id, keyId, toDate(deps.clock.now()));
    const key = await findKey(trx, access.workspace.id, keyId);
    if (!key) throw new BillingError('not_found', `No API key ${keyId} in this workspace.`, { param: 'key' });
    if (revokedNow) {
      await recordAudit(trx, deps.clock, {
        workspaceId: access.workspace.id,
        actor: auditActorOf(access.actor),
        action: 'api_key.revoked',
        targetId: key.id,
        before: { name: key.name, prefix: key.prefix, scopes: key.scopes },
      });
    }
    return key;
  });
}
