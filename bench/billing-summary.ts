// Benchmark: the Plan & Billing page's read path (session lookup, authorize, GET /v1/workspaces/:ws/billing)
// and the invite write path (workspace lock + seat count), over real HTTP on Postgres.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { assembleBillfold } from '../src/server.ts';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('Set DATABASE_URL to a Postgres server (benchmarks run on real Postgres).');
  process.exit(2);
}
const benchDb = `billfold_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${benchDb}`);
const url = new URL(adminUrl);
url.pathname = `/${benchDb}`;

const port = 3900 + (process.pid % 90);
const baseUrl = `http://127.0.0.1:${port}`;
const config = loadConfig({
  PORT: String(port),
  DATABASE_URL: url.toString(),
  BILLFOLD_BASE_URL: baseUrl,
  BILLFOLD_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  BILLFOLD_LOG_LEVEL: 'silent',
  BILLFOLD_AUTH_RATE_LIMIT: 'false',
});
const db = openDatabase(config);
const billfold = await assembleBillfold(config, db);
await billfold.app.listen({ port, host: '127.0.0.1' });

async function post(path: string, body: unknown, cookie?: string) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

const signUp = await post('/api/auth/sign-up/email', {
  email: 'bench@example.test',
  password: 'bench-password-1',
  name: 'Bench',
});
const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const workspaceCount = 1000;
const slugs: string[] = [];
for (let i = 0; i < workspaceCount; i++) {
  const slug = `bench-${i}`;
  await post('/v1/workspaces', { name: `Bench ${i}`, slug }, cookie);
  slugs.push(slug);
}

async function measure(label: string, total: number, concurrency: number, request: (i: number) => Promise<Response>) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const response = await request(i);
        await response.arrayBuffer();
        if (!response.ok && response.status !== 409) failures++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(1);
  console.log(
    `${label.padEnd(44)} c=${String(concurrency).padStart(2)}  ${(total / seconds).toFixed(0).padStart(6)} req/s  p50 ${pct(0.5).padStart(6)} ms  p99 ${pct(0.99).padStart(6)} ms  failures ${failures}`,
  );
}

console.log(`Billfold benchmark on Postgres, ${workspaceCount} workspaces, over HTTP on 127.0.0.1`);
for (const concurrency of [1, 16, 64]) {
  await measure('GET billing summary (spread, 1000 workspaces)', 2000, concurrency, (i) =>
    fetch(`${baseUrl}/v1/workspaces/${slugs[i % workspaceCount]}/billing`, { headers: { cookie } }),
  );
}
for (const concurrency of [1, 16, 64]) {
  await measure('GET billing summary (one workspace)', 2000, concurrency, () =>
    fetch(`${baseUrl}/v1/workspaces/${slugs[0]}/billing`, { headers: { cookie } }),
  );
}
// Invites take the workspace's billing-row lock and count seats. Free allows 3 users, so by the third
// round (c=64) every workspace is full and that round measures the 409 seat-limit refusal.
for (const concurrency of [1, 16, 64]) {
  await measure('POST invite (spread, lock per workspace)', 1000, concurrency, (i) =>
    post(`/v1/workspaces/${slugs[i % workspaceCount]}/invites`, { email: `c${concurrency}-${i}@example.test` }, cookie),
  );
}

await billfold.app.close();
await db.destroy();
await admin.query(`drop database ${benchDb} with (force)`);
await admin.end();
