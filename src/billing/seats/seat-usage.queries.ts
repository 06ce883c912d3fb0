// SQL for the seats a workspace uses: its members and its pending, unexpired invites.
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export async function countSeatHolders(
  db: BillfoldDb | BillfoldTransaction,
  workspaceId: string,
  now: Date,
): Promise<{ members: number; pendingInvites: number }> {
  const [members, invites] = await Promise.all([
    db
      .selectFrom('member')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('organizationId', '=', workspaceId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('invitation')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('organizationId', '=', workspaceId)
      .where('status', '=', 'pending')
      .where('expiresAt', '>', now)
      .executeTakeFirstOrThrow(),
  ]);
  return { members: Number(members.count), pendingInvites: Number(invites.count) };
}

/** The same for several workspaces (a batch of renewals), two queries in all; by workspace id. */
export async function countSeatHoldersOf(
  db: BillfoldDb | BillfoldTransaction,
  workspaceIds: readonly string[],
  now: Date,
): Promise<Map<string, { members: number; pendingInvites: number }>> {
  const holders = new Map(workspaceIds.map((id) => [id, { members: 0, pendingInvites: 0 }]));
  if (workspaceIds.length === 0) return holders;
  const [members, invites] = await Promise.all([
    db
      .selectFrom('member')
      .select(['organizationId', (eb) => eb.fn.countAll<number>().as('count')])
      .where('organizationId', 'in', workspaceIds)
      .groupBy('organizationId')
      .execute(),
    db
      .selectFrom('invitation')
      .select(['organizationId', (eb) => eb.fn.countAll<number>().as('count')])
      .where('organizationId', 'in', workspaceIds)
      .where('status', '=', 'pending')
      .where('expiresAt', '>', now)
      .groupBy('organizationId')
      .execute(),
  ]);
  for (const row of members) {
    const counted = holders.get(row.organizationId);
    if (counted) counted.members = Number(row.count);
  }
  for (const row of invites) {
    const counted = holders.get(row.organizationId);
    if (counted) counted.pendingInvites = Number(row.count);
  }
  return holders;
}
