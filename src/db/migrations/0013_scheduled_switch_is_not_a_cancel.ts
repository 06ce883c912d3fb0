// A downgrade to Flex was stored as a cancel ending on Flex (cancel_at_period_end with ends_with_plan_id 'flex').
// It is a scheduled switch (docs/decisions/010): the cancel flag is cleared, the plan it ends on stays.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update subscription set cancel_at_period_end = false
    where cancel_at_period_end and ends_with_plan_id is not null and ends_with_plan_id <> 'free'`.execute(db);
}
