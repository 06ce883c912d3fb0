// SQL for the session behind a /v1 request's cookie: the session and its user in one round trip.

import { compiledOnce } from '../db/compiled-once.ts';
import type { BillfoldDb } from '../db/connection.ts';

export interface SessionWithUser {
  expiresAt: Date;
  userId: string;
  email: string;
  name: string;
}

// Read on every request made with a cookie: compiled once.
const sessionWithUser = compiledOnce((db, token: string) =>
  db
    .selectFrom('session')
    .innerJoin('user', 'user.id', 'session.userId')
    .select(['session.expiresAt', 'session.userId', 'user.email', 'user.name'])
    .where('session.token', '=', token),
);

export function findSessionWithUser(db: BillfoldDb, token: string): Promise<SessionWithUser | undefined> {
  return sessionWithUser.first(db, token);
}
