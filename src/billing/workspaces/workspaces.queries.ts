// SQL for workspaces (better-auth's organization table): create one with its owner and billing row, find one
// by id, and the keyset page of the workspaces a user belongs to, with their role and plan there.
import type { BillfoldDb } from '../../db/connection.ts';
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export interface WorkspaceName {
  id: string;
  slug: string;
  name: string;
}

export interface NewWorkspaceRows {
  id: string;
  name: string;
  slug: string;
  ownerMemberId: string;
  ownerUserId: string;
  at: Date;
}

/** The workspace, its owner's membership and its billing row on the Free plan (three statements). */
export async function insertWorkspace(trx: BillfoldTransaction, workspace: NewWorkspaceRows): Promise<void> {
  await trx
    .insertInto('organization')
    .values({
      id: workspace.id,
      name: workspace.name,
      slug: workspace.slug,
      logo: null,
      metadata: null,
      createdAt: workspace.at,
    })
    .execute();
  await trx
    .insertInto('member')
    .values({
      id: workspace.ownerMemberId,
      organizationId: workspace.id,
      userId: workspace.ownerUserId,
      role: 'owner',
      createdAt: workspace.at,
    })
    .execute();
  await trx
    .insertInto('workspace_billing')
    .values({
      workspace_id: workspace.id,
      plan_id: 'free',
      max_users: null,
      created_at: workspace.at,
      updated_at: workspace.at,
    })
    .execute();
}

/** The workspace by id; it must exist. */
export function getWorkspaceById(trx: BillfoldTransaction, workspaceId: string): Promise<WorkspaceName> {
  return trx
    .selectFrom('organization')
    .select(['id', 'slug', 'name'])
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
}

export interface MembershipOfUser extends WorkspaceName {
  createdAt: Date;
  role: string;
  /** The plan the workspace is on (its billing row's). */
  planId: string;
  /** The stored statement of the member's custom role; null for a built-in or removed role. */
  customStatement: string | null;
}

/** A keyset page of the workspaces the user is a member of, by workspace id. */
export async function listMembershipsOfUser(
  db: BillfoldDb,
  userId: string,
  page: PageRequest,
): Promise<Page<MembershipOfUser>> {
  let query = db
    .selectFrom('member')
    .innerJoin('organization', 'organization.id', 'member.organizationId')
    .innerJoin('workspace_billing', 'workspace_billing.workspace_id', 'member.organizationId')
    .leftJoin('organizationRole', (join) =>
      join
        .onRef('organizationRole.organizationId', '=', 'member.organizationId')
        .onRef('organizationRole.role', '=', 'member.role'),
    )
    .select([
      'organization.id',
      'organization.slug',
      'organization.name',
      'organization.createdAt',
      'member.role',
      'workspace_billing.plan_id as planId',
      'organizationRole.permission as customStatement',
    ])
    .where('member.userId', '=', userId)
    .orderBy('organization.id')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('organization.id', '>', page.startingAfter);
  return toPage(await query.execute(), page.limit);
}
