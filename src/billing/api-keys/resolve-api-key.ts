// resolveApiKey: the API-key actor behind a bearer token, noting the key's last use about once a minute.
import type { BillfoldDb } from '../../db/connection.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { type Clock, toDate } from '../../domain/clock.ts';
import { hashApiKeyToken, looksLikeApiKeyToken } from './api-key-token.ts';
import { findActiveKeyByHash, touchLastUsed } from './api-keys.queries.ts';

// A key's last use is shown to the minute; writing it on every request would make each call a write.
const lastUsedResolutionMs = 60_000;

/** The key's actor, or null when the token is unknown or revoked (a revoked key fails from its next request). */
export async function resolveApiKey(deps: { db: BillfoldDb; clock: Clock }, token: string): Promise<Actor | null> {
  if (!looksLikeApiKeyToken(token)) return null;
  const key = await findActiveKeyByHash(deps.db, hashApiKeyToken(token));
  if (!key) return null;
  const now = toDate(deps.clock.now());
  const staleBefore = new Date(now.getTime() - lastUsedResolutionMs);
  if (!key.lastUsedAt || key.lastUsedAt < staleBefore) await touchLastUsed(deps.db, key.id, now, staleBefore);
  return { kind: 'api_key', keyId: key.id, workspace: key.workspace, scopes: key.scopes };
}
