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
