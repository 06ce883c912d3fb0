// SQL for the activity log: a keyset page of the workspace's billing audit entries (newest first), and the names
// its sentences use — the people and keys who acted, the members whose role changed, the invoices it names.
import { sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { PageRequest } from '../../db/keyset-page.ts';

export interface AuditRecord {
  id: string;
  actorType: 'user' | 'api_key' | 'system';
  actorId: string | null;
  action: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

/**
 * Up to `limit + 1` entries after `startingAfter`, newest first: the billing actions, and the role changes, roles
 * and invites that give or take away one of `billingRoles` (the roles that may manage billing).
 */
export async function listBillingAuditEntries(
  db: BillfoldDb,
  workspaceId: string,
  filter: { actions: readonly string[]; billingRoles: readonly string[] },
  page: PageRequest,
): Promise<AuditRecord[]> {
  const roles = filter.billingRoles.length > 0 ? filter.billingRoles : [''];
  const roleList = sql.join(roles.map((role) => sql`${role}`));
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([
        eb('action', 'in', filter.actions),
        eb.and([
          eb('action', '=', 'member.role_changed'),
          sql<boolean>`("before"->>'role' in (${roleList}) or "after"->>'role' in (${roleList}))`,
        ]),
        eb.and([eb('action', '=', 'invite.created'), sql<boolean>`"after"->>'role' in (${roleList})`]),
        eb.and([eb('action', '=', 'role.created'), sql<boolean>`"after"->'permissions' @> '["billing"]'::jsonb`]),
        // A change charged now is audited when it is applied; a move between plans without a subscription
        // (Free and Flex) only when it is asked for.
        eb.and([eb('action', '=', 'subscription.change_requested'), sql<boolean>`"after"->>'kind' = 'switch_plan'`]),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('id', '<', page.startingAfter);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    targetId: row.target_id,
    before: row.before,
    after: row.after,
    createdAt: row.created_at,
  }));
}

/** People by user id: their name, and their role in the workspace (null once they left it). */
export async function findPeople(
  db: BillfoldDb,
  workspaceId: string,
  userIds: readonly string[],
): Promise<Map<string, { name: string; role: string | null }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('user')
    .leftJoin('member', (join) =>
      join.onRef('member.userId', '=', 'user.id').on('member.organizationId', '=', workspaceId),
    )
    .select(['user.id', 'user.name', 'member.role'])
    .where('user.id', 'in', userIds)
    .execute();
  return new Map(rows.map((row) => [row.id, { name: row.name, role: row.role }]));
}

/** The workspace's API keys by id, revoked ones too: their names. */
export async function findKeyNames(
  db: BillfoldDb,
  workspaceId: string,
  keyIds: readonly string[],
): Promise<Map<string, string>> {
  if (keyIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('api_key')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', keyIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Members by member id: the name of the person (members who left are not found). */
export async function findMemberNames(
  db: BillfoldDb,
  workspaceId: string,
  memberIds: readonly string[],
): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.userId')
    .select(['member.id', 'user.name'])
    .where('member.organizationId', '=', workspaceId)
    .where('member.id', 'in', memberIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The workspace's invoices by id: number (null while a draft), total and currency. */
export async function findInvoiceFacts(
  db: BillfoldDb,
  workspaceId: string,
  invoiceIds: readonly string[],
): Promise<Map<string, { number: string | null; total: number; currency: string }>> {
  if (invoiceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('invoice')
    .select(['id', 'number', 'total', 'currency'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', invoiceIds)
    .execute();
  return new Map(rows.map((row) => [row.id, { number: row.number, total: row.total, currency: row.currency }]));
}
