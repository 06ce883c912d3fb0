// Opens the database: embedded PGlite in the data dir by default, Postgres when DATABASE_URL is set.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database } from './tables.ts';

// int8 (bigint) columns hold money in minor units and counts; parse them to numbers on purpose
// (safe up to 2^53, far above any amount Billfold stores) instead of receiving strings by accident.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
});

export type BillfoldDb = Kysely<Database>;

export interface DatabaseTarget {
  databaseUrl: string | null;
  dataDir: string;
}

export function openDatabase(target: DatabaseTarget): BillfoldDb {
  if (target.databaseUrl) {
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: 20 });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const dir = join(target.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const release = lockDataDir(target.dataDir);
  const pglite = new PGlite(dir, { parsers: pgliteParsers });
  const db = openPglite(pglite);
  // destroy() closes PGlite (even one never queried) and gives the data dir's lock back.
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    try {
      await destroy();
      if (!pglite.closed) await pglite.close();
    } finally {
      release();
    }
  };
  return db;
}

/** PGlite returns int8 as bigint by default; align it with the pg pool's numbers. */
export const pgliteParsers = {
  20: (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`);
    return n;
  },
};

export function openPglite(pglite: PGlite): BillfoldDb {
  return new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
}
