// A fresh, migrated database for one test file, copied from the run's template.
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type BillfoldDb, openDatabase, openPglite, pgliteParsers } from '../../src/db/connection.ts';
import { withDatabase } from './global-setup.ts';

export interface TestDatabase {
  db: BillfoldDb;
  /** The connection string, for starting other processes on the same database (Postgres only). */
  databaseUrl: string | null;
  close(): Promise<void>;
}

let copies = 0;

export async function openTestDatabase(): Promise<TestDatabase> {
  const dump = inject('pgliteDump');
  if (dump) {
    const pglite = new PGlite({ loadDataDir: new Blob([readFileSync(dump)]), parsers: pgliteParsers });
    const db = openPglite(pglite);
    return { db, databaseUrl: null, close: () => db.destroy() };
  }
  const template = inject('postgresTemplate');
  const baseUrl = process.env.DATABASE_URL;
  if (!template || !baseUrl) throw new Error('global setup provided no database');
  const name = `billfold_test_${template.split('_').pop()}_${process.pid}_${copies++}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  // Concurrent copies of one template can collide ("being accessed by other users"); retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      break;
    } catch (error) {
      if (attempt >= 20 || !String(error).includes('being accessed')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const databaseUrl = withDatabase(baseUrl, name);
  const db = openDatabase({ databaseUrl, dataDir: '' });
  return {
    db,
    databaseUrl,
    async close() {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: baseUrl });
      await cleanup.connect();
      // pg's pool.end() resolves before its sockets have closed; dropping WITH (FORCE) at once would kill
      // those backends mid-goodbye and surface as an uncaught "terminating connection" error. Wait for them.
      for (let attempt = 0; attempt < 50; attempt++) {
        const open = await cleanup.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (open.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
