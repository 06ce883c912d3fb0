import { PGlite } from '@electric-sql/pglite';
import { getMigrations } from 'better-auth/db/migration';
import { openPglite } from '../src/db/connection.ts';
import { createAuth } from '../src/auth/auth.ts';
const db = openPglite(new PGlite());
const auth = createAuth({ db, secret: 'x'.repeat(40), baseUrl: 'http://localhost:3000', trustedOrigins: [] });
const m = await getMigrations(auth.options);
console.log(await m.compileMigrations());
await db.destroy();
