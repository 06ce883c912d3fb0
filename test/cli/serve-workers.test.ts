// `billfold serve --workers N`: on Postgres, N processes answer on one port, the primary prints the banner once,
// replaces a worker that dies, and stops them all on SIGTERM; on the embedded database, one process's by nature,
// more than one worker is refused with the reason.
import { mkdtempSync, rmSync } from 'node:fs';
import { type ClientRequest, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { type RunningCli, startCli } from '../support/run-cli.ts';
import { openTestDatabase } from '../support/test-database.ts';

// These tests start Billfold's CLI as child processes (the built server, then the database): on a busy machine
// that takes a while, so they wait longer than the suite's 30 s before calling it a hang.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const dataDir = mkdtempSync(join(tmpdir(), 'billfold-workers-'));
const started: RunningCli[] = [];
afterAll(() => {
  // A failed assertion must not leave a server running.
  for (const running of started) if (running.child.exitCode === null) running.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function serve(args: string[], env: Record<string, string>): RunningCli {
  const running = startCli(['serve', ...args], { BILLFOLD_DATA_DIR: dataDir, BILLFOLD_LOG_LEVEL: 'warn', ...env });
  started.push(running);
  return running;
}

async function waitFor<T>(what: string, running: RunningCli, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${running.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The pid /healthz names, over a connection of its own (the primary hands out connections, not requests). A
 * connection handed to a worker as it is killed is lost with it: it fails after a few seconds.
 */
function healthzPid(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 3000 }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve(JSON.parse(body).pid));
    })
      .on('timeout', function (this: ClientRequest) {
        this.destroy(new Error('no answer within 3 s'));
      })
      .on('error', reject);
  });
}

async function answeringPids(port: number, requests: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let n = 0; n < requests; n++) pids.add(await healthzPid(port));
  return pids;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('billfold serve --workers', () => {
  it.skipIf(!process.env.DATABASE_URL)(
    'answers from two worker processes on one port, replaces one that dies, and stops both on SIGTERM',
    async () => {
      const database = await openTestDatabase();
      try {
        const port = await freePort();
        const running = serve(['--workers', '2'], { DATABASE_URL: database.databaseUrl ?? '', PORT: String(port) });
        await waitFor('the banner', running, async () => running.output().includes('Billfold is running') || undefined);
        expect(running.output()).toContain(`open http://127.0.0.1:${port}`);
        expect(running.output()).toContain(`Workers:       2 processes on port ${port}`);

        const first = await answeringPids(port, 20);
        expect(first.size).toBe(2);
        expect(first.has(running.child.pid ?? 0)).toBe(false);

        const [killed, survivor] = [...first] as [number, number];
        process.kill(killed, 'SIGKILL');
        await waitFor('a new worker', running, async () => {
          const pids = await answeringPids(port, 6).catch(() => new Set<number>());
          return pids.size === 2 && !pids.has(killed) ? pids : undefined;
        });
        const after = await answeringPids(port, 20);
        expect(after.has(killed)).toBe(false);
        expect(after.has(survivor)).toBe(true);
        expect(after.size).toBe(2);
        expect(running.output()).toContain('a worker died; starting another');

        running.child.kill('SIGTERM');
        expect(await running.exited).toBe(0);
        for (const pid of after) expect(isRunning(pid), `worker ${pid} still runs`).toBe(false);
        expect(running.output().split('Billfold is running').length - 1).toBe(1);
      } finally {
        await database.close();
      }
    },
  );

  it('refuses more than one worker on the embedded database, saying why', async () => {
    const port = await freePort();
    const refused = serve(['--workers', '2'], { PORT: String(port) });
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toContain('--workers 2 needs Postgres');
    expect(refused.output()).toContain('DATABASE_URL');
    expect(refused.output()).not.toContain('Billfold is running');

    const nonsense = serve(['--workers', 'two'], { PORT: String(port) });
    expect(await nonsense.exited).toBe(2);
    expect(nonsense.output()).toContain('--workers must be a whole number of processes, 1 or more (got "two").');
  });
});
