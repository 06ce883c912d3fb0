// Workspace API keys for the operator's product: created (shown once, stored as a SHA-256 hash) and resolved from a bearer token.
import { createHash, randomBytes } from 'node:crypto';
import type { BillfoldDb } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import { type Actor, auditActorOf } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';

const tokenPrefix = 'bf_key_';

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The secret itself; only in the response to its creation. */
  token: string;
  /** The first characters, to recognize the key later. */
  prefix: string;
  createdAt: Date;
}

export async function createApiKey(
  deps: BillingDeps,
  access: WorkspaceAccess,
  input: { name: string },
): Promise<CreatedApiKey> {
  const token = `${tokenPrefix}${randomBytes(24).toString('base64url')}`;
  const id = newId('key');
  const prefix = token.slice(0, tokenPrefix.length + 6);
  const createdAt = toDate(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    await trx
      .insertInto('api_key')
      .values({
        id,
        workspace_id: access.workspace.id,
        name: input.name,
        token_prefix: prefix,
        token_hash: hashToken(token),
        created_by_user_id: access.actor.kind === 'user' ? access.actor.userId : null,
        created_at: createdAt,
      })
      .execute();
    await recordAudit(trx, deps.clock, {
      workspaceId: access.workspace.id,
      actor: auditActorOf(access.actor),
      action: 'api_key.created',
      targetId: id,
      after: { name: input.name, prefix },
    });
  });
  return { id, name: input.name, token, prefix, createdAt };
}

/** The API-key actor for a bearer token, or null when the token is unknown or revoked. */
export async function resolveApiKey(db: BillfoldDb, token: string): Promise<Actor | null> {
  if (!token.startsWith(tokenPrefix)) return null;
  const key = await db
    .selectFrom('api_key')
    .select(['id', 'workspace_id'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return key ? { kind: 'api_key', keyId: key.id, workspaceId: key.workspace_id } : null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
