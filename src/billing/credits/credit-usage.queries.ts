// SQL reading the daily usage (credit_usage_day, one row per workspace and UTC day): the page's chart and
// "used this month" read these few rows, never the ledger.
import { sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';

/** Credits consumed per UTC day (YYYY-MM-DD) after `afterDay`; days without consumption have no row. */
export async function usagePerDayAfter(
  db: BillfoldDb,
  workspaceId: string,
  afterDay: string,
): Promise<{ date: string; credits: number }[]> {
  return db
    .selectFrom('credit_usage_day')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('date'), 'credits'])
    .where('workspace_id', '=', workspaceId)
    .where('day', '>', afterDay)
    .execute();
}

/** Credits consumed from a UTC day (YYYY-MM-DD) on. */
export async function creditsUsedSince(db: BillfoldDb, workspaceId: string, day: string): Promise<number> {
  const row = await db
    .selectFrom('credit_usage_day')
    .select(sql<number>`coalesce(sum(credits), 0)::bigint`.as('used'))
    .where('workspace_id', '=', workspaceId)
    .where('day', '>=', day)
    .executeTakeFirst();
  return Number(row?.used ?? 0);
}
