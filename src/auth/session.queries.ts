// SQL for the session behind a /v1 request's cookie: the session and its user in one round trip.
import type { BillfoldDb } from '../db/connection.ts';

export interface SessionWithUser {
  expiresAt: Date;
  userId: string;
  email: string;
  name: string;
}

export function findSessionWithUser(db: BillfoldDb, token: string): Promise<SessionWithUser | undefined> {
  return db
    .selectFrom('session')
    .innerJoin('user', 'user.id', 'session.userId')
    .select(['session.expiresAt', 'session.userId', 'user.email', 'user.name'])
    .where('session.token', '=', token)
    .executeTakeFirst();
}
