// Migrates one template database per test run; each test file then gets its own copy
// (PGlite: a dumped data dir loaded per file; Postgres: CREATE DATABASE … TEMPLATE). Meanwhile builds the server
// into dist/ (unless it is fresh) for the tests that start it as a child process (support/run-cli.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { buildServer } from '../../scripts/build-server.ts';
import { openDatabase, openPglite, pgliteParsers } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string | null;
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  // tsc runs in its own process, on the other core, while this one migrates.
  const built = buildServer();
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'billfold-test-'));
    const pglite = new PGlite({ parsers: pgliteParsers });
    const db = openPglite(pglite);
    await migrateToLatest(db);
    const dump = await pglite.dumpDataDir('none');
    const file = join(dir, 'template.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await db.destroy();
    await built;
    project.provide('pgliteDump', file);
    project.provide('postgresTemplate', null);
    return () => rmSync(dir, { recursive: true, force: true });
  }

  const template = `billfold_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const db = openDatabase({ databaseUrl: withDatabase(databaseUrl, template), dataDir: '' });
  await migrateToLatest(db);
  await db.destroy();
  await built;
  project.provide('pgliteDump', null);
  project.provide('postgresTemplate', template);
  return async () => {
    const copies = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'billfold_test_${process.pid}_%' or datname = $1`,
      [template],
    );
    for (const { datname } of copies.rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}

export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
