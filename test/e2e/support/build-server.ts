// The browser tests' global setup: builds the server into dist/ (unless it is fresh), so each test file starts
// the built server, as `npm start` runs it, not the sources through tsx (a cold tsx start is seconds on a busy
// machine); and, on PGlite, migrates one embedded database that each file's server starts from, a copy of it (a
// first start on an empty data dir creates the cluster and runs every migration: about 4 s of a file's start).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { buildServer } from '../../../scripts/build-server.ts';
import { openPglite, pgliteParsers } from '../../../src/db/connection.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data dir (the `pglite` folder of a BILLFOLD_DATA_DIR), or null on Postgres. */
    migratedPglite: string | null;
  }
}

export default async function setup(project: TestProject) {
  const built = buildServer();
  if (process.env.DATABASE_URL) {
    await built;
    project.provide('migratedPglite', null);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'billfold-e2e-template-'));
  const db = openPglite(new PGlite(join(dir, 'pglite'), { parsers: pgliteParsers }));
  await migrateToLatest(db);
  await db.destroy();
  await built;
  project.provide('migratedPglite', join(dir, 'pglite'));
  return () => rmSync(dir, { recursive: true, force: true });
}
