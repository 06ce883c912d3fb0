// `billfold serve` as a newcomer runs it: prints where to open it, keeps data across restarts,
// refuses bad configuration naming the variable, and finishes in-flight requests on SIGTERM.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { type RunningCli, startCli as startCliProcess, waitForOutput } from '../support/run-cli.ts';

// These tests start Billfold's CLI as child processes (the built server, then the database): on a busy machine
// (CI runs the browser tests beside this suite) migrating and seeding an embedded database takes a while, so they
// wait well past the suite's 30 s before calling it a hang.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const dataDir = mkdtempSync(join(tmpdir(), 'billfold-serve-'));
const children: ChildProcess[] = [];
afterAll(() => {
  // A failed assertion must not leave a server running.
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function startCli(args: string[], env: Record<string, string>): RunningCli {
  // Embedded database on purpose: this is what `npm start` does on a fresh machine.
  const running = startCliProcess(args, { BILLFOLD_LOG_LEVEL: 'warn', ...env });
  children.push(running.child);
  return running;
}

/** Sends a request whose body arrives slowly, so it is still in flight when the server is told to stop. */
function slowRequest(port: number, sendRestAfter: Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = '{"name":"Slow","slug":"slow"}';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST /v1/workspaces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
      );
      void sendRestAfter.then(() => socket.write(body.slice(5)));
    });
    let response = '';
    socket.on('data', (chunk) => {
      response += chunk;
      if (response.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(response.split('\r\n')[0] ?? '');
      }
    });
    socket.on('error', reject);
  });
}

describe('billfold serve', () => {
  it('starts with demo data, prints where to open it, and keeps its data across restarts', async () => {
    const port = await freePort();
    const first = startCli(['serve', '--demo'], {
      PORT: String(port),
      BILLFOLD_DATA_DIR: dataDir,
      BILLFOLD_LOG_LEVEL: 'info',
    });
    await waitForOutput(first, 'Billfold is running');
    expect(first.output()).toContain(`open http://127.0.0.1:${port}`);
    expect(first.output()).toContain('owner@demo.billfold.dev');
    expect(first.output()).toContain(`http://127.0.0.1:${port}/w/acme/billing`);

    const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ email: 'owner@demo.billfold.dev', password: 'billfold-demo' }),
    });
    expect(signIn.status).toBe(200);
    const sessionCookie = /better-auth\.session_token=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const sessionToken = sessionCookie.split('=')[1]?.split('.')[0] ?? '';
    expect(sessionToken.length).toBeGreaterThan(10);
    const billing = await fetch(`http://127.0.0.1:${port}/v1/workspaces/acme/billing`, {
      headers: { cookie: sessionCookie },
    });
    expect(billing.status).toBe(200);
    // The request log names requests, never secrets: no session token, cookie or password.
    const logLines = first
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .join('\n');
    expect(logLines).toContain('"url":"/v1/workspaces/acme/billing"');
    expect(logLines).not.toContain(sessionToken);
    expect(logLines).not.toContain('billfold-demo');
    expect(logLines.toLowerCase()).not.toContain('cookie');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // Second start on the same data dir: the demo owner can still sign in, no second seeding.
    const second = startCli(['serve'], { PORT: String(port), BILLFOLD_DATA_DIR: dataDir });
    await waitForOutput(second, 'Billfold is running');
    const again = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ email: 'owner@demo.billfold.dev', password: 'billfold-demo' }),
    });
    expect(again.status).toBe(200);

    // SIGTERM while a request is in flight: the request still gets its answer, then the process exits 0.
    let releaseBody: () => void = () => {};
    const bodyReleased = new Promise<void>((resolve) => {
      releaseBody = resolve;
    });
    const inFlight = slowRequest(port, bodyReleased);
    await new Promise((resolve) => setTimeout(resolve, 300));
    second.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    releaseBody();
    expect(await inFlight).toBe('HTTP/1.1 401 Unauthorized');
    expect(await second.exited).toBe(0);
  });

  it('migrates a fresh data dir once, then finds it up to date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billfold-migrate-'));
    try {
      const first = startCli(['migrate'], { BILLFOLD_DATA_DIR: dir });
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain('Applied 0001_auth_schema, 0002_billing_foundation');
      const second = startCli(['migrate'], { BILLFOLD_DATA_DIR: dir });
      expect(await second.exited).toBe(0);
      expect(second.output()).toContain('Database is up to date.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad configuration with a message naming the variable', async () => {
    const running = startCli(['serve'], { PORT: 'eighty', BILLFOLD_DATA_DIR: dataDir });
    expect(await running.exited).toBe(2);
    expect(running.output()).toContain('PORT');
    expect(running.output()).not.toContain('Billfold is running');
  });
});
