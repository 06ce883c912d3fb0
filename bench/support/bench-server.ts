// What every benchmark shares: a Billfold on a fresh Postgres database (or embedded PGlite) served over real
// HTTP, a signed-in user, and a closed-loop load generator that prints throughput and latency percentiles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BillingDeps } from '../../src/billing/deps.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { assembleBillfold } from '../../src/server.ts';
import { freePort } from '../../test/support/free-port.ts';

/** The secret every bench server signs its cookies with: a built server given it accepts the same cookies. */
export const benchSecret = 'bench-secret-bench-secret-bench-secret-00';

export interface BenchServer {
  baseUrl: string;
  /** The bench's own database, for a limit measured on the same data (e.g. a bare one-query route). */
  databaseUrl: string;
  cookie: string;
  db: ReturnType<typeof openDatabase>;
  /** The use cases' dependencies, for benchmarks that run jobs directly. */
  deps: BillingDeps;
  post(path: string, body?: unknown): Promise<Response>;
  get(path: string): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * A Billfold on a fresh database of the Postgres at DATABASE_URL; with `embedded`, on embedded PGlite in a fresh
 * temporary data dir instead (what a laptop install runs), on the next port.
 */
export async function startBenchServer(
  env: Record<string, string> = {},
  options: { embedded?: boolean } = {},
): Promise<BenchServer> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.error('Set DATABASE_URL to a Postgres server (benchmarks run on real Postgres).');
    process.exit(2);
  }
  const benchDb = `billfold_bench_${process.pid}`;
  const dataDir = options.embedded ? mkdtempSync(join(tmpdir(), 'billfold-bench-')) : null;
  const admin = new pg.Client({ connectionString: adminUrl });
  if (!dataDir) {
    await admin.connect();
    await admin.query(`create database ${benchDb}`);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${benchDb}`;

  // A port nothing listens on: benches of several checkouts may run at once on one machine.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    ...(dataDir ? { BILLFOLD_DATA_DIR: dataDir } : { DATABASE_URL: url.toString() }),
    BILLFOLD_BASE_URL: baseUrl,
    BILLFOLD_SECRET: benchSecret,
    BILLFOLD_LOG_LEVEL: 'silent',
    BILLFOLD_AUTH_RATE_LIMIT: 'false',
    ...env,
  });
  const db = openDatabase(config);
  const billfold = await assembleBillfold(config, db);
  await billfold.app.listen({ port, host: '127.0.0.1' });

  let cookie = '';
  const post = (path: string, body: unknown = {}) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  const signUp = await post('/api/auth/sign-up/email', {
    email: 'bench@example.test',
    password: 'bench-password-1',
    name: 'Bench',
  });
  cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  return {
    baseUrl,
    databaseUrl: url.toString(),
    cookie,
    db,
    deps: billfold.deps,
    post,
    get: (path) => fetch(`${baseUrl}${path}`, { headers: { cookie } }),
    async stop() {
      await billfold.app.close();
      await db.destroy();
      if (dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        return;
      }
      // pool.end() resolves before its sockets close; dropping WITH (FORCE) at once would kill them mid-goodbye.
      for (let attempt = 0; attempt < 50; attempt++) {
        const open = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [benchDb]);
        if (open.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await admin.query(`drop database ${benchDb} with (force)`);
      await admin.end();
    },
  };
}

/** Creates `count` workspaces owned by the bench user; returns their slugs. */
export async function createWorkspaces(server: BenchServer, count: number): Promise<string[]> {
  const slugs: string[] = [];
  for (let i = 0; i < count; i++) {
    const slug = `bench-${i}`;
    await server.post('/v1/workspaces', { name: `Bench ${i}`, slug });
    slugs.push(slug);
  }
  return slugs;
}

/**
 * Runs `total` operations with `concurrency` workers and prints ops/s and p50/p99 latency. An operation
 * fails when it returns false (or a Response that is neither ok nor an expected 409).
 */
export async function measure(
  label: string,
  total: number,
  concurrency: number,
  operation: (i: number) => Promise<Response | boolean>,
): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const outcome = await operation(i);
        if (outcome instanceof Response) {
          await outcome.arrayBuffer();
          if (!outcome.ok && outcome.status !== 409) failures++;
        } else if (!outcome) {
          failures++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(1);
  console.log(
    `${label.padEnd(46)} c=${String(concurrency).padStart(2)}  ${(total / seconds).toFixed(0).padStart(6)} op/s  p50 ${pct(0.5).padStart(6)} ms  p99 ${pct(0.99).padStart(6)} ms  failures ${failures}`,
  );
}
