// SQL for test clocks: attach one to a workspace, find it, and move its frozen time (never backwards).
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export async function attachTestClock(
  trx: BillfoldTransaction,
  clock: { id: string; workspaceId: string; frozenTime: Date; createdAt: Date },
): Promise<void> {
  await trx
    .insertInto('test_clock')
    .values({
      id: clock.id,
      workspace_id: clock.workspaceId,
      frozen_time: clock.frozenTime,
      created_at: clock.createdAt,
    })
    .execute();
  await trx
    .updateTable('workspace_billing')
    .set({ test_clock_id: clock.id })
    .where('workspace_id', '=', clock.workspaceId)
    .execute();
}

export async function findTestClock(
  db: BillfoldDb,
  workspaceId: string,
): Promise<{ id: string; workspaceId: string; frozenTime: Date } | undefined> {
  const clock = await db
    .selectFrom('test_clock')
    .select(['id', 'workspace_id', 'frozen_time'])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return clock && { id: clock.id, workspaceId: clock.workspace_id, frozenTime: clock.frozen_time };
}

/** Moves the clock to `at`, unless it already stands later (two advances of one clock may overlap). */
export async function moveFrozenTime(db: BillfoldDb, clockId: string, at: Date): Promise<void> {
  await db
    .updateTable('test_clock')
    .set({ frozen_time: at })
    .where('id', '=', clockId)
    .where('frozen_time', '<', at)
    .execute();
}
