// SQL for the workspaces a user belongs to.
import type { BillfoldDb } from '../../db/connection.ts';
import type { PageRequest } from '../../db/keyset-page.ts';

export function listWorkspacesOfUser(db: BillfoldDb, userId: string, page: PageRequest) {
  let query = db
    .selectFrom('member')
    .innerJoin('organization', 'organization.id', 'member.organizationId')
    .select(['organization.id', 'organization.slug', 'organization.name', 'member.role', 'organization.createdAt'])
    .where('member.userId', '=', userId)
    .orderBy('organization.id')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('organization.id', '>', page.startingAfter);
  return query.execute();
}
