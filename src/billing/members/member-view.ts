// The member as the API shows it, and the query that loads members with their user.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.ts';

export interface MemberView {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: Date;
}

export function selectMembers(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.userId')
    .select(['member.id', 'member.userId', 'user.name', 'user.email', 'member.role', 'member.createdAt as joinedAt'])
    .where('member.organizationId', '=', workspaceId);
}
