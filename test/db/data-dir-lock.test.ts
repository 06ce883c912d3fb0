// The embedded database is one process's at a time: `billfold migrate` beside a running Billfold on the same
// data dir is refused with a message saying what to do, and works once the first process has closed it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { DataDirInUseError, lockDataDir } from '../../src/db/data-dir-lock.ts';
import { runCli } from '../support/run-cli.ts';

// These tests start Billfold's CLI as child processes (the built server, then the database): on a busy machine
// that takes a while, so they wait longer than the suite's 30 s before calling it a hang.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const dataDir = mkdtempSync(join(tmpdir(), 'billfold-lock-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function migrate(): Promise<{ code: number | null; output: string }> {
  return runCli(['migrate'], {
    BILLFOLD_DATA_DIR: dataDir,
    BILLFOLD_SECRET: 'test-secret-test-secret-test-secret-0123',
  });
}

it('refuses a second process on an embedded database in use, and lets it in once the first has closed', async () => {
  const db = openDatabase({ databaseUrl: null, dataDir });
  const refused = await migrate();
  expect(refused.code).toBe(2);
  expect(refused.output).toContain(
    `The embedded database in ${dataDir} is in use by another Billfold process (pid ${process.pid})`,
  );
  expect(() => lockDataDir(dataDir)).toThrow(DataDirInUseError);

  await db.destroy();
  const migrated = await migrate();
  expect(migrated.code, migrated.output).toBe(0);
  expect(migrated.output).toMatch(/Applied 0001_auth_schema|Database is up to date/);
});

it('takes over a lock left by a process that is gone', () => {
  // Pid 2^22 + 1 is above Linux's pid_max default range; no such process runs.
  writeFileSync(join(dataDir, 'billfold.lock'), String(4_194_305));
  const release = lockDataDir(dataDir);
  release();
});
