// Starts the built `billfold serve` as a child process on a free port and a fresh database (a copy of the run's
// migrated PGlite, or a new Postgres database when DATABASE_URL is set), and launches headless Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Browser, chromium } from 'playwright-core';
import { inject } from 'vitest';
import { distDir, serverNodeFlags } from '../../../scripts/build-server.ts';
import { freePort } from '../../support/free-port.ts';

export interface RunningServer {
  baseUrl: string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and drops its database and data dir. */
  stop(): Promise<void>;
  /** Everything the server printed, for failure messages. */
  output(): string;
}

export const screenshotDir = join(process.cwd(), 'test-results');

export interface ServerOptions {
  /** Seed the demo workspace (`serve --demo`): "acme" with its owner, billing manager and member. */
  demo?: boolean;
  /** More settings for the server (e.g. BILLFOLD_OPERATOR_KEY, to define coupons through the operator API). */
  env?: Record<string, string>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'billfold-e2e-'));
  // On PGlite, a copy of the run's migrated database (the global setup's): the server opens it as on a restart.
  const migrated = inject('migratedPglite');
  if (migrated) cpSync(migrated, join(dataDir, 'pglite'), { recursive: true });
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const name = `e2e_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    };
  }
  const { DATABASE_URL: _inherited, ...env } = process.env;
  // The built server (the e2e global setup builds dist/), as `npm start` runs it.
  const args = [...serverNodeFlags, join(distDir, 'cli.js'), 'serve', ...(options.demo ? ['--demo'] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      ...env,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      PORT: String(port),
      HOST: '127.0.0.1',
      BILLFOLD_DATA_DIR: dataDir,
      BILLFOLD_LOG_LEVEL: 'warn',
      // The scenario signs several people up from one address within a minute.
      BILLFOLD_AUTH_RATE_LIMIT: 'false',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  async function stopChild() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    // A server that ignores SIGTERM must not keep the test run (and its port) alive.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  async function cleanUp() {
    await stopChild();
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  }

  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
      const healthy = await fetch(`${baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (healthy) break;
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return { baseUrl, stop: cleanUp, output: () => output };
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
