// SQL for who a workspace's billing emails go to and what they call it: its name and slug, a user's name, the
// billing email of its billing details, and its members with their roles (the caller decides who manages billing).
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export interface EmailWorkspace {
  id: string;
  slug: string;
  name: string;
}

export function findEmailWorkspace(trx: BillfoldTransaction, workspaceId: string): Promise<EmailWorkspace | undefined> {
  return trx.selectFrom('organization').select(['id', 'slug', 'name']).where('id', '=', workspaceId).executeTakeFirst();
}

export async function findEmailWorkspaceName(db: BillfoldDb, workspaceId: string): Promise<string | undefined> {
  const row = await db.selectFrom('organization').select('name').where('id', '=', workspaceId).executeTakeFirst();
  return row?.name;
}

export async function findUserName(trx: BillfoldTransaction, userId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('user').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name;
}

export async function findBillingEmail(trx: BillfoldTransaction, workspaceId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('billing_details')
    .select('email')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row?.email ?? null;
}

export interface MemberWithRole {
  email: string;
  role: string;
  /** The stored statement of the member's custom role; null for a built-in or removed role. */
  customStatement: string | null;
}

export function listMembersWithRoles(trx: BillfoldTransaction, workspaceId: string): Promise<MemberWithRole[]> {
  return trx
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.userId')
    .leftJoin('organizationRole', (join) =>
      join
        .onRef('organizationRole.organizationId', '=', 'member.organizationId')
        .onRef('organizationRole.role', '=', 'member.role'),
    )
    .select(['user.email', 'member.role', 'organizationRole.permission as customStatement'])
    .where('member.organizationId', '=', workspaceId)
    .orderBy('member.id')
    .execute();
}
