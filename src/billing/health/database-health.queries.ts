// SQL of the health check: the database answers a trivial query.
import { sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';

export async function pingDatabase(db: BillfoldDb): Promise<void> {
  await sql`select 1`.execute(db);
}
