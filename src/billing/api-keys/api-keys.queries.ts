// SQL for workspace API keys: insert, resolve a token, the list of active keys, revocation, the last-used time.
import type { Kysely } from 'kysely';
import { compiledOnce } from '../../db/compiled-once.ts';
import type { BillfoldDb } from '../../db/connection.ts';
import type { Database } from '../../db/tables.ts';
import { type ApiKeyScope, normalizeScopes } from '../../domain/access/api-key-scopes.ts';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  /** Who created the key; null once that user account is deleted. */
  createdBy: { userId: string; name: string; email: string } | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiKeyRow {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  hash: string;
  scopes: readonly ApiKeyScope[];
  createdByUserId: string | null;
  createdAt: Date;
}

export async function insertApiKey(db: Kysely<Database>, key: NewApiKeyRow): Promise<void> {
  await db
    .insertInto('api_key')
    .values({
      id: key.id,
      workspace_id: key.workspaceId,
      name: key.name,
      token_prefix: key.prefix,
      token_hash: key.hash,
      scopes: [...key.scopes],
      created_by_user_id: key.createdByUserId,
      created_at: key.createdAt,
    })
    .execute();
}

// Read on every request made with a key, with the key's workspace (so authorizing it needs no second read):
// compiled once.
const activeKeyByHash = compiledOnce((db, hash: string) =>
  db
    .selectFrom('api_key')
    .innerJoin('organization', 'organization.id', 'api_key.workspace_id')
    .select([
      'api_key.id',
      'api_key.workspace_id',
      'organization.slug',
      'organization.name',
      'api_key.scopes',
      'api_key.last_used_at',
    ])
    .where('api_key.token_hash', '=', hash)
    .where('api_key.revoked_at', 'is', null),
);

/** The unrevoked key with this token hash, and its workspace. */
export async function findActiveKeyByHash(db: BillfoldDb, hash: string) {
  const key = await activeKeyByHash.first(db, hash);
  if (!key) return null;
  return {
    id: key.id,
    workspace: { id: key.workspace_id, slug: key.slug, name: key.name },
    scopes: normalizeScopes(key.scopes),
    lastUsedAt: key.last_used_at,
  };
}

/** Records a use unless one at or after `staleBefore` is already recorded (so concurrent uses write once). */
export async function touchLastUsed(db: BillfoldDb, keyId: string, at: Date, staleBefore: Date): Promise<void> {
  await db
    .updateTable('api_key')
    .set({ last_used_at: at })
    .where('id', '=', keyId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

function selectKeyViews(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('api_key')
    .leftJoin('user', 'user.id', 'api_key.created_by_user_id')
    .select([
      'api_key.id',
      'api_key.name',
      'api_key.token_prefix',
      'api_key.scopes',
      'api_key.created_at',
      'api_key.last_used_at',
      'api_key.revoked_at',
      'user.id as creator_id',
      'user.name as creator_name',
      'user.email as creator_email',
    ])
    .where('api_key.workspace_id', '=', workspaceId);
}

type KeyViewRow = Awaited<ReturnType<ReturnType<typeof selectKeyViews>['executeTakeFirstOrThrow']>>;

function toView(row: KeyViewRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    scopes: normalizeScopes(row.scopes),
    createdAt: row.created_at,
    createdBy:
      row.creator_id && row.creator_name !== null && row.creator_email !== null
        ? { userId: row.creator_id, name: row.creator_name, email: row.creator_email }
        : null,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** The workspace's unrevoked keys after `startingAfter`, by id (`limit` rows, plus one to tell hasMore). */
export async function listActiveKeys(
  db: BillfoldDb,
  workspaceId: string,
  rows: number,
  startingAfter: string | undefined,
): Promise<ApiKeyView[]> {
  let query = selectKeyViews(db, workspaceId).where('api_key.revoked_at', 'is', null).orderBy('api_key.id').limit(rows);
  if (startingAfter) query = query.where('api_key.id', '>', startingAfter);
  return (await query.execute()).map(toView);
}

/** One of the workspace's keys, revoked or not. */
export async function findKey(db: Kysely<Database>, workspaceId: string, keyId: string): Promise<ApiKeyView | null> {
  const row = await selectKeyViews(db, workspaceId).where('api_key.id', '=', keyId).executeTakeFirst();
  return row ? toView(row) : null;
}

/** The unrevoked keys a user created in the workspace, locked until the transaction ends. */
export async function lockActiveKeysOf(db: Kysely<Database>, workspaceId: string, userId: string) {
  const rows = await db
    .selectFrom('api_key')
    .select(['id', 'name', 'token_prefix', 'scopes'])
    .where('workspace_id', '=', workspaceId)
    .where('created_by_user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    scopes: normalizeScopes(row.scopes),
  }));
}

/** Revokes the key unless it already is; true when this call revoked it. */
export async function revokeIfActive(db: Kysely<Database>, workspaceId: string, keyId: string, at: Date) {
  const result = await db
    .updateTable('api_key')
    .set({ revoked_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setScopes(db: Kysely<Database>, keyId: string, scopes: readonly ApiKeyScope[]): Promise<void> {
  await db
    .updateTable('api_key')
    .set({ scopes: [...scopes] })
    .where('id', '=', keyId)
    .execute();
}
