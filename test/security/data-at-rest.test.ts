// The embedded database's data dir (the PGlite files, the generated secret, the lock) is readable and
// writable by its owner only: 0700 directories and 0600 files, from the first start and after a restart.
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { type RunningCli, runCli, startCli, waitForOutput } from '../support/run-cli.ts';

// These tests start Billfold's CLI as child processes (the built server, then the database): on a busy machine
// that takes a while, so they wait well past the suite's 30 s before calling it a hang.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const parent = mkdtempSync(join(tmpdir(), 'billfold-at-rest-'));
const dataDir = join(parent, 'data');
const running: RunningCli[] = [];
afterAll(() => {
  for (const cli of running) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
  rmSync(parent, { recursive: true, force: true });
});

/** Every path under (and including) `dir` with its permission bits, as `find DIR -printf '%m %p'` lists them. */
function modesUnder(dir: string): Map<string, number> {
  const modes = new Map<string, number>([[dir, lstatSync(dir).mode & 0o777]]);
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    modes.set(path, lstatSync(path).mode & 0o777);
  }
  return modes;
}

/** What `find DIR -perm /077` prints: anything a group or other user may read, write or enter. */
function openToOthers(dir: string): string[] {
  return [...modesUnder(dir)]
    .filter(([, mode]) => (mode & 0o077) !== 0)
    .map(([path, mode]) => `${mode.toString(8)} ${path}`);
}

describe('the data dir', () => {
  it('is owner-only from the first start, lock and secret included', async () => {
    const port = await freePort();
    const serve = startCli(['serve'], { PORT: String(port), BILLFOLD_DATA_DIR: dataDir, BILLFOLD_LOG_LEVEL: 'warn' });
    running.push(serve);
    await waitForOutput(serve, 'Billfold is running');
    // A sign-up writes to the database while it runs: files made after start count too.
    const signUp = await fetch(`http://127.0.0.1:${port}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ name: 'At Rest', email: 'at-rest@example.test', password: 'correct-horse-battery' }),
    });
    expect(signUp.status).toBe(200);

    const modes = modesUnder(dataDir);
    expect(modes.size).toBeGreaterThan(500);
    expect(modes.get(join(dataDir, 'secret'))).toBe(0o600);
    expect(modes.get(join(dataDir, 'billfold.lock'))).toBe(0o600);
    expect(modes.get(dataDir)).toBe(0o700);
    expect(openToOthers(dataDir)).toEqual([]);

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it('an existing data dir that others can read is made owner-only at start', async () => {
    await runCli(['migrate'], { BILLFOLD_DATA_DIR: dataDir });
    const modes = modesUnder(dataDir);
    for (const [path] of modes) chmodSync(path, lstatSync(path).isDirectory() ? 0o777 : 0o666);
    expect(openToOthers(dataDir).length).toBe(modes.size);

    const migrate = await runCli(['migrate'], { BILLFOLD_DATA_DIR: dataDir });
    expect(migrate.code).toBe(0);
    expect(openToOthers(dataDir)).toEqual([]);
  });
});
