// API keys carry scopes chosen at creation and a last-used time (docs/decisions/002-workspace-api-keys.md).
// Keys made before scopes existed get them from their creator's role now: an owner's key keeps everything it
// could do; any other key (a billing manager's, or one whose creator has left) keeps billing and consuming
// credits but loses member management, which a billing manager never held.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_key')
    .addColumn('scopes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    // Written at most about once a minute per key, so using a key is not a write per request.
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await sql`update api_key set scopes = case
      when exists (
        select 1 from member
        where member."organizationId" = api_key.workspace_id
          and member."userId" = api_key.created_by_user_id
          and member.role = 'owner'
      ) then array['billing:read', 'billing:write', 'members:read', 'members:manage', 'credits:consume']
      else array['billing:read', 'billing:write', 'credits:consume']
    end`.execute(db);
  await sql`alter table api_key alter column scopes drop default`.execute(db);
  // Listing a workspace's active keys and revoking a departing member's keys.
  await sql`create index api_key_active_idx on api_key (workspace_id, id) where revoked_at is null`.execute(db);
}
