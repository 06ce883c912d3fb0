// Opens the database: embedded PGlite in the data dir by default, Postgres when DATABASE_URL is set.
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { makeOwnerOnlyDir, restrictToOwner } from './owner-only-files.ts';
import { rememberFailedQueryValues } from './query-error-log.ts';
import type { Database } from './tables.ts';

// int8 (bigint) columns hold money in minor units and counts; parse them to numbers on purpose (exact up to
// 2^53; amounts are bounded far below it, maxInvoiceAmount and migration 0012) instead of receiving strings by
// accident, and refuse a value past it rather than round money silently.
const parseInt8 = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
};
pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8);

export type BillfoldDb = Kysely<Database>;

export interface DatabaseTarget {
  databaseUrl: string | null;
  dataDir: string;
}

export function openDatabase(target: DatabaseTarget): BillfoldDb {
  if (target.databaseUrl) {
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: 20 });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: rememberFailedQueryValues });
  }
  const dir = join(target.dataDir, 'pglite');
  makeOwnerOnlyDir(dir);
  const release = lockDataDir(target.dataDir);
  restrictToOwner(target.dataDir);
  // Files PGlite creates while it runs get no group or other permissions.
  const umask = process.umask(0o077);
  const pglite = new PGlite(dir, { parsers: pgliteParsers });
  const db = new Kysely<Database>({
    dialect: new PGliteDialect({
      // Its first start writes the new cluster's files 0666: they are tightened before the first query.
      pglite: async () => {
        await pglite.waitReady;
        restrictToOwner(dir);
        return pglite;
      },
    }),
    log: rememberFailedQueryValues,
  });
  // destroy() closes PGlite (even one never queried) and gives the data dir's lock and the umask back.
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    try {
      await destroy();
      if (!pglite.closed) await pglite.close();
    } finally {
      process.umask(umask);
      release();
    }
  };
  return db;
}

/** PGlite returns int8 as bigint by default; align it with the pg pool's numbers. */
export const pgliteParsers = { 20: parseInt8 };

export function openPglite(pglite: PGlite): BillfoldDb {
  return new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), log: rememberFailedQueryValues });
}
