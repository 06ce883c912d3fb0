// createApiKey: mints a workspace key with scopes no wider than its creator holds; the token is shown once.
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { type ApiKeyScope, grantableScopes, normalizeScopes } from '../../domain/access/api-key-scopes.ts';
import { grantsOf } from '../../domain/access/permissions.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { newApiKeyToken } from './api-key-token.ts';
import { insertApiKey } from './api-keys.queries.ts';

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The secret itself; only in the response to its creation. */
  token: string;
  /** The first characters, to recognize the key later. */
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
}

const listWords = new Intl.ListFormat('en', { type: 'conjunction' });

/** `scopes` left out: every scope the creator may give. */
export async function createApiKey(
  deps: BillingDeps,
  access: WorkspaceAccess,
  input: { name: string; scopes?: readonly ApiKeyScope[] | undefined },
): Promise<CreatedApiKey> {
  const grantable = grantableScopes(grantsOf(access.principal, deps.access));
  const scopes = input.scopes ? normalizeScopes(input.scopes) : grantable;
  const beyond = scopes.filter((scope) => !grantable.includes(scope));
  if (beyond.length > 0) {
    throw new BillingError(
      'permission_denied',
      `You cannot give a key ${listWords.format(beyond)}: a key never allows more than your own role does.`,
      { param: 'scopes' },
    );
  }
  const { token, prefix, hash } = newApiKeyToken();
  const id = newId('key');
  const createdAt = toDate(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    await insertApiKey(trx, {
      id,
      workspaceId: access.workspace.id,
      name: input.name,
      prefix,
      hash,
      scopes,
      createdByUserId: access.actor.kind === 'user' ? access.actor.userId : null,
      createdAt,
    });
    await recordAudit(trx, deps.clock, {
      workspaceId: access.workspace.id,
      actor: auditActorOf(access.actor),
      action: 'api_key.created',
      targetId: id,
      after: { name: input.name, prefix, scopes },
    });
  });
  return { id, name: input.name, token, prefix, scopes, createdAt };
}
