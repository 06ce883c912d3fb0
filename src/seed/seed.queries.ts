// SQL the demo seed runs itself: whether the demo workspace exists.
import type { BillfoldDb } from '../db/connection.ts';

export async function workspaceWithSlugExists(db: BillfoldDb, slug: string): Promise<boolean> {
  const existing = await db.selectFrom('organization').select('id').where('slug', '=', slug).executeTakeFirst();
  return existing !== undefined;
}
