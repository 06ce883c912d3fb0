// Where a request's time goes (issue 16): starts the built server (`node dist/cli.js serve --workers 1`, what
// `npm start` runs) under `node --cpu-prof` on a fresh Postgres database, drives one route with autocannon at a
// given concurrency, stops the server with SIGTERM and prints the profile's self time by package and by
// function, with the server's CPU per answer and the transactions Postgres ran per answer.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:profile -- summary [c=64] [seconds=10]
// Routes: summary (session cookie), summary-key (API key), invoices, consume (one debit, API key), healthz.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildServer, distDir } from '../../scripts/build-server.ts';
import { freePort } from '../../test/support/free-port.ts';
import { summarizeProfile } from './cpu-profile.ts';

const routeName = process.argv[2] ?? 'summary';
const connections = Number(process.argv[3] ?? 64);
const seconds = Number(process.argv[4] ?? 10);
const routes = ['summary', 'summary-key', 'invoices', 'consume', 'healthz'];
if (!routes.includes(routeName)) {
  console.error(`No route named ${routeName}. Routes: ${routes.join(', ')}`);
  process.exit(2);
}
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('Set DATABASE_URL to a Postgres server (profiles run on real Postgres).');
  process.exit(2);
}

await buildServer();
const benchDb = `billfold_profile_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${benchDb}`);
const url = new URL(adminUrl);
url.pathname = `/${benchDb}`;
const profileDir = mkdtempSync(join(tmpdir(), 'billfold-profile-'));
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  DATABASE_URL: url.toString(),
  PORT: String(port),
  BILLFOLD_DATA_DIR: profileDir,
  BILLFOLD_BASE_URL: baseUrl,
  BILLFOLD_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  BILLFOLD_LOG_LEVEL: 'silent',
  BILLFOLD_AUTH_RATE_LIMIT: 'false',
};

const server = spawn(
  process.execPath,
  ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, join(distDir, 'cli.js'), 'serve', '--workers', '1'],
  { env, stdio: ['ignore', 'ignore', 'inherit'] },
);
const exited = once(server, 'exit');
await untilHealthy();

let cookie = '';
const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, ...(cookie ? { cookie } : {}), ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response;
};
const signUp = await post('/api/auth/sign-up/email', {
  email: 'profile@example.test',
  password: 'profile-password-1',
  name: 'Profile',
});
cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
await post('/v1/workspaces', { name: 'Profile', slug: 'profile' });
const card = (await (
  await post('/sandbox/v1/tokens', { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2040, cvc: '123' })
).json()) as { id: string };
await post('/v1/workspaces/profile/payment-methods', { token: card.id, makeDefault: true });
await post('/v1/workspaces/profile/subscription', { plan: 'team', interval: 'month', seats: 3 });
const key = (await (await post('/v1/workspaces/profile/api-keys', { name: 'profile' })).json()) as { token: string };
if (routeName === 'consume') await adjustCredits(100_000_000);

let debit = 0;
const request: autocannon.Request = {
  summary: { method: 'GET', path: '/v1/workspaces/profile/billing', headers: { cookie } },
  'summary-key': {
    method: 'GET',
    path: '/v1/workspaces/profile/billing',
    headers: { authorization: `Bearer ${key.token}` },
  },
  invoices: { method: 'GET', path: '/v1/workspaces/profile/invoices', headers: { cookie } },
  consume: {
    method: 'POST',
    path: '/v1/workspaces/profile/credits/consume',
    headers: { authorization: `Bearer ${key.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 1, description: 'profile' }),
    setupRequest: (req: autocannon.Request) => ({
      ...req,
      headers: { ...req.headers, 'idempotency-key': `profile-${process.pid}-${debit++}` },
    }),
  },
  healthz: { method: 'GET', path: '/healthz' },
}[routeName] as autocannon.Request;

const cpuBefore = serverCpuMicroseconds(server);
const transactionsBefore = await transactionsRun();
const perf = startPerf(server.pid);
const loadStarted = performance.now();
const result = await autocannon({ url: baseUrl, connections, duration: seconds, requests: [request] });
const loadEnded = performance.now();
const cpuUsed = serverCpuMicroseconds(server) - cpuBefore;
const onCpu = await perf?.stop();
await new Promise((resolve) => setTimeout(resolve, 1500)); // Postgres flushes its counters within a second
const transactions = (await transactionsRun()) - transactionsBefore;
server.kill('SIGTERM');
await exited;
const serverEnded = performance.now();

const answers = result.requests.total;
console.log(
  `${routeName}, c=${connections}, ${seconds} s: ${Math.round(answers / result.duration)} req/s, ` +
    `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
);
console.log(
  `server CPU ${(cpuUsed / 1000 / answers).toFixed(3)} ms/answer; Postgres transactions ${(transactions / answers).toFixed(2)}/answer (a statement outside a transaction counts one)`,
);
if (onCpu) console.log(`on-CPU time by where the code lives (perf, cpu-clock samples while the server ran):\n${onCpu}`);
const profileFile = readdirSync(profileDir).find((file) => file.endsWith('.cpuprofile'));
if (!profileFile) throw new Error('the server wrote no CPU profile');
const window = { fromEndMs: serverEnded - loadStarted, toEndMs: serverEnded - loadEnded };
console.log(summarizeProfile(JSON.parse(readFileSync(join(profileDir, profileFile), 'utf8')), { top: 25, window }));

rmSync(profileDir, { recursive: true, force: true });
await admin.query(`drop database ${benchDb} with (force)`);
await admin.end();

/**
 * `perf record` of the server's on-CPU samples, when perf is installed: V8's profile counts a sample in a system
 * call also while the process waits for a core (2 cores, shared with Postgres and the load generator); perf's
 * cpu-clock samples only time spent running, split by kernel, Node's own code and the JIT's JavaScript.
 */
function startPerf(pid: number | undefined): { stop(): Promise<string> } | null {
  if (spawnSync('perf', ['--version']).status !== 0) return null;
  const file = join(profileDir, 'perf.data');
  const recorder = spawn('perf', ['record', '-e', 'cpu-clock', '-F', '999', '-p', String(pid), '-o', file], {
    stdio: 'ignore',
  });
  return {
    async stop() {
      recorder.kill('SIGINT');
      await once(recorder, 'exit');
      const top = (sort: string, count: number) =>
        spawnSync('perf', ['report', '-i', file, '--sort', sort, '--stdio'], { encoding: 'utf8', maxBuffer: 1 << 26 })
          .stdout.split('\n')
          .filter((line) => /^\s+\d/.test(line))
          .slice(0, count)
          .map((line) => line.trimEnd())
          .join('\n');
      return `${top('dso', 6)}\nby symbol:\n${top('dso,sym', 25)}`;
    },
  };
}

async function untilHealthy(): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const ok = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not answer /healthz in 30 s');
}

/** User + system CPU of the server process so far, from /proc (the clock ticks are 1/100 s on Linux). */
function serverCpuMicroseconds(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Transactions the bench database has ended (pg_stat_statements is not assumed to be installed). */
async function transactionsRun(): Promise<number> {
  const row = await admin.query(
    'select (xact_commit + xact_rollback)::bigint as n from pg_stat_database where datname = $1',
    [benchDb],
  );
  return Number(row.rows[0]?.n ?? 0);
}

async function adjustCredits(credits: number): Promise<void> {
  const cli = spawn(
    process.execPath,
    [join(distDir, 'cli.js'), 'credits', 'adjust', 'profile', `--credits=${credits}`, '--reason', 'profile'],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const [code] = await once(cli, 'exit');
  if (code !== 0) throw new Error(`credits adjust exited with ${code}`);
}
