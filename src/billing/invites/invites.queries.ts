// SQL for invitations (better-auth's invitation table): find one (with its workspace and inviter for the
// invitee), the pending-invite check, a keyset page of pending invites, and the inserts and status changes.
import type { BillfoldDb } from '../../db/connection.ts';
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { Invitation } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export interface Invite {
  id: string;
  workspaceId: string;
  /** Lowercased. */
  email: string;
  role: string | null;
  status: 'pending' | 'accepted' | 'rejected' | 'canceled';
  expiresAt: Date;
  createdAt: Date;
  inviterId: string;
}

export interface InviteWithWorkspace {
  invite: Invite;
  workspace: { id: string; slug: string; name: string };
  invitedBy: { name: string; email: string };
}

function inviteOf(row: Invitation): Invite {
  return {
    id: row.id,
    workspaceId: row.organizationId,
    email: row.email,
    role: row.role,
    status: row.status,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    inviterId: row.inviterId,
  };
}

/** The invite with the workspace it is for and who sent it. */
export async function findInviteWithWorkspace(
  db: BillfoldDb,
  inviteId: string,
): Promise<InviteWithWorkspace | undefined> {
  const row = await db
    .selectFrom('invitation')
    .innerJoin('organization', 'organization.id', 'invitation.organizationId')
    .innerJoin('user as inviter', 'inviter.id', 'invitation.inviterId')
    .selectAll('invitation')
    .select([
      'organization.slug as workspaceSlug',
      'organization.name as workspaceName',
      'inviter.name as inviterName',
      'inviter.email as inviterEmail',
    ])
    .where('invitation.id', '=', inviteId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { workspaceSlug, workspaceName, inviterName, inviterEmail, ...invitation } = row;
  return {
    invite: inviteOf(invitation),
    workspace: { id: invitation.organizationId, slug: workspaceSlug, name: workspaceName },
    invitedBy: { name: inviterName, email: inviterEmail },
  };
}

/** Any workspace's invite by id (the invitee's side checks the email). */
export async function findInvite(db: BillfoldDb | BillfoldTransaction, inviteId: string): Promise<Invite | undefined> {
  const row = await db.selectFrom('invitation').selectAll().where('id', '=', inviteId).executeTakeFirst();
  return row ? inviteOf(row) : undefined;
}

export async function findWorkspaceInvite(
  trx: BillfoldTransaction,
  workspaceId: string,
  inviteId: string,
): Promise<Invite | undefined> {
  const row = await trx
    .selectFrom('invitation')
    .selectAll()
    .where('id', '=', inviteId)
    .where('organizationId', '=', workspaceId)
    .executeTakeFirst();
  return row ? inviteOf(row) : undefined;
}

/** Whether the email has a pending invite to the workspace that has not expired at `now`. */
export async function hasPendingInvite(
  trx: BillfoldTransaction,
  workspaceId: string,
  email: string,
  now: Date,
): Promise<boolean> {
  const invite = await trx
    .selectFrom('invitation')
    .select('id')
    .where('organizationId', '=', workspaceId)
    .where('email', '=', email)
    .where('status', '=', 'pending')
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  return invite !== undefined;
}

/** A keyset page of the workspace's pending invites (expired ones included), oldest first. */
export async function listPendingInvites(
  db: BillfoldDb,
  workspaceId: string,
  page: PageRequest,
): Promise<Page<Invite>> {
  let query = db
    .selectFrom('invitation')
    .selectAll()
    .where('organizationId', '=', workspaceId)
    .where('status', '=', 'pending')
    .orderBy('id')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('id', '>', page.startingAfter);
  return toPage((await query.execute()).map(inviteOf), page.limit);
}

export async function insertInvite(
  trx: BillfoldTransaction,
  invite: Omit<Invite, 'status'> & { role: string },
): Promise<Invite> {
  const row = await trx
    .insertInto('invitation')
    .values({
      id: invite.id,
      organizationId: invite.workspaceId,
      email: invite.email,
      role: invite.role,
      status: 'pending',
      expiresAt: invite.expiresAt,
      createdAt: invite.createdAt,
      inviterId: invite.inviterId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return inviteOf(row);
}

export async function markInviteAccepted(trx: BillfoldTransaction, inviteId: string): Promise<void> {
  await trx.updateTable('invitation').set({ status: 'accepted' }).where('id', '=', inviteId).execute();
}

export async function cancelInvite(trx: BillfoldTransaction, inviteId: string): Promise<Invite> {
  const row = await trx
    .updateTable('invitation')
    .set({ status: 'canceled' })
    .where('id', '=', inviteId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return inviteOf(row);
}
