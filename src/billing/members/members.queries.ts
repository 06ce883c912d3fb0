// SQL for a workspace's members: members with their user (one, or a keyset page), role changes and removals,
// the owner count that guards the last owner, and the member checks and insert of invites.
import type { BillfoldDb } from '../../db/connection.ts';
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { MemberView } from './member-view.ts';

function selectMembers(db: BillfoldDb | BillfoldTransaction, workspaceId: string) {
  return db
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.userId')
    .select(['member.id', 'member.userId', 'user.name', 'user.email', 'member.role', 'member.createdAt as joinedAt'])
    .where('member.organizationId', '=', workspaceId);
}

export function findMember(
  db: BillfoldDb | BillfoldTransaction,
  workspaceId: string,
  memberId: string,
): Promise<MemberView | undefined> {
  return selectMembers(db, workspaceId).where('member.id', '=', memberId).executeTakeFirst();
}

/** A keyset page of the workspace's members, in joining order. */
export async function listMembersPage(
  db: BillfoldDb,
  workspaceId: string,
  page: PageRequest,
): Promise<Page<MemberView>> {
  let query = selectMembers(db, workspaceId)
    .orderBy('member.id')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('member.id', '>', page.startingAfter);
  return toPage(await query.execute(), page.limit);
}

export async function setMemberRole(trx: BillfoldTransaction, memberId: string, role: string): Promise<void> {
  await trx.updateTable('member').set({ role }).where('id', '=', memberId).execute();
}

export async function deleteMember(trx: BillfoldTransaction, memberId: string): Promise<void> {
  await trx.deleteFrom('member').where('id', '=', memberId).execute();
}

export async function countOwners(trx: BillfoldTransaction, workspaceId: string): Promise<number> {
  const owners = await trx
    .selectFrom('member')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organizationId', '=', workspaceId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(owners.count);
}

/** Whether a user with this (lowercased) email is a member of the workspace. */
export async function isMemberByEmail(trx: BillfoldTransaction, workspaceId: string, email: string): Promise<boolean> {
  const member = await trx
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.userId')
    .select('member.id')
    .where('member.organizationId', '=', workspaceId)
    .where('user.email', '=', email)
    .executeTakeFirst();
  return member !== undefined;
}

export async function isMember(trx: BillfoldTransaction, workspaceId: string, userId: string): Promise<boolean> {
  const member = await trx
    .selectFrom('member')
    .select('id')
    .where('organizationId', '=', workspaceId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return member !== undefined;
}

export async function insertMember(
  trx: BillfoldDb | BillfoldTransaction,
  member: { id: string; workspaceId: string; userId: string; role: string; joinedAt: Date },
): Promise<void> {
  await trx
    .insertInto('member')
    .values({
      id: member.id,
      organizationId: member.workspaceId,
      userId: member.userId,
      role: member.role,
      createdAt: member.joinedAt,
    })
    .execute();
}

/** The user id of the workspace's first owner. */
export async function firstOwnerUserId(trx: BillfoldTransaction, workspaceId: string): Promise<string> {
  const owner = await trx
    .selectFrom('member')
    .select('userId')
    .where('organizationId', '=', workspaceId)
    .where('role', '=', 'owner')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return owner.userId;
}
