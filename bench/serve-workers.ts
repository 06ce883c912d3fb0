// Benchmark: how `billfold serve` starts and how it uses the cores, on Postgres. (1) Milliseconds from spawning
// the process to its first /healthz answer: the built server (`node dist/cli.js serve`, what `npm start` runs)
// and tsx running the sources, each beside the bare Fastify + pg server's start (bench/support/
// bare-healthz-server.ts). (2) /healthz throughput of `serve --workers 1` and `--workers 2`, each beside the bare
// server in as many processes, all driven by one autocannon in its own process. BENCH_SIZE=small: one start of
// each and 3-second loads. Ends with the correctness check: every answer 200, both workers answering, every
// process stopped by SIGTERM with exit code 0.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- serve-workers
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildServer, distDir } from '../scripts/build-server.ts';
import { failuresOf, runLoad } from './support/load-generator.ts';
import { reportFigure, reportLoad, reportVerdict } from './support/report.ts';

const small = process.env.BENCH_SIZE === 'small';
const starts = small ? 1 : 5;
const loadSeconds = small ? 3 : 10;
const connections = 64;
const root = fileURLToPath(new URL('..', import.meta.url));

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('Set DATABASE_URL to a Postgres server (benchmarks run on real Postgres).');
  process.exit(2);
}
const benchDb = `billfold_bench_serve_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${benchDb}`);
const url = new URL(adminUrl);
url.pathname = `/${benchDb}`;
const databaseUrl = url.toString();
const dataDir = mkdtempSync(join(tmpdir(), 'billfold-bench-serve-'));
const port = 3900 + (process.pid % 90);
const baseUrl = `http://127.0.0.1:${port}`;

interface Server {
  child: ChildProcess;
  exitCode: Promise<number | null>;
}

const servers = {
  built: (workers: number) => [join(distDir, 'cli.js'), 'serve', '--workers', String(workers)],
  tsx: (workers: number) => ['--import', 'tsx', join(root, 'src/cli.ts'), 'serve', '--workers', String(workers)],
  bare: () => [join(root, 'bench/support/bare-healthz-server.ts')],
};

function start(args: string[], workers: number): Server {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      BILLFOLD_DATA_DIR: dataDir,
      BILLFOLD_BASE_URL: baseUrl,
      BILLFOLD_SECRET: 'bench-secret-bench-secret-bench-secret-00',
      BILLFOLD_LOG_LEVEL: 'silent',
      BARE_DATABASE_URL: databaseUrl,
      BARE_PORT: String(port),
      BARE_WORKERS: String(workers),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { child, exitCode: once(child, 'exit').then(([code]) => code as number | null) };
}

/** The pid of the process that answered /healthz, over a connection of its own; null while none answers. */
function healthzPid(): Promise<number | null> {
  return new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve(response.statusCode === 200 ? JSON.parse(body).pid : null));
    }).on('error', () => resolve(null));
  });
}

async function untilAnswering(server: Server): Promise<void> {
  while ((await healthzPid()) === null) {
    if (server.child.exitCode !== null) throw new Error(`the server exited (${server.child.exitCode})`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let stoppedCleanly = true;
async function stop(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  if ((await server.exitCode) !== 0) stoppedCleanly = false;
}

/** The median of `starts` starts (after one unmeasured start, which fills the compile caches). */
async function startMs(args: string[]): Promise<number> {
  const times: number[] = [];
  for (let n = 0; n <= starts; n++) {
    const startedAt = performance.now();
    const server = start(args, 1);
    await untilAnswering(server);
    if (n > 0) times.push(performance.now() - startedAt);
    await stop(server);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function throughput(args: string[], workers: number): Promise<{ rate: number; failures: number; pids: number }> {
  const server = start(args, workers);
  await untilAnswering(server);
  await runLoad(baseUrl, [{ path: '/healthz' }], { connections, durationSeconds: 2 });
  const result = await runLoad(baseUrl, [{ path: '/healthz' }], { connections, durationSeconds: loadSeconds });
  const pids = new Set<number | null>();
  for (let n = 0; n < 10 * workers; n++) pids.add(await healthzPid());
  await stop(server);
  return { rate: result.requestsPerSecond, failures: failuresOf(result), pids: pids.size };
}

try {
  await buildServer();
  // Migrated once here, so no start below includes the migrations.
  const migrate = spawn(process.execPath, [join(distDir, 'cli.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BILLFOLD_DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  await once(migrate, 'exit');
  console.log(
    `billfold serve on Postgres: ${starts} starts each (median), /healthz at c=${connections} for ${loadSeconds} s, ` +
      'autocannon in its own process',
  );
  reportLoad();

  const bareStart = await startMs(servers.bare());
  const limit = { label: 'bare Fastify + pg process', value: bareStart };
  reportFigure({
    what: 'start to first /healthz: node dist/cli.js',
    value: await startMs(servers.built(1)),
    unit: 'ms',
    limit,
    target: { atMost: 1000 },
  });
  reportFigure({
    what: 'start to first /healthz: tsx src/cli.ts',
    value: await startMs(servers.tsx(1)),
    unit: 'ms',
    limit,
  });

  const checks: boolean[] = [];
  let oneWorker = 0;
  for (const workers of [1, 2]) {
    const bare = await throughput(servers.bare(), workers);
    const billfold = await throughput(servers.built(workers), workers);
    if (workers === 1) oneWorker = billfold.rate;
    checks.push(bare.failures === 0, billfold.failures === 0, billfold.pids === workers);
    reportFigure({
      what: `GET /healthz, serve --workers ${workers}, c=${connections}`,
      value: billfold.rate,
      unit: 'req/s',
      limit: { label: `bare Fastify + pg, ${workers} process${workers > 1 ? 'es' : ''}`, value: bare.rate },
      note: `${billfold.failures} failures; ${billfold.pids} pids answering${workers > 1 ? `; ${(billfold.rate / oneWorker).toFixed(2)}× one worker` : ''}`,
    });
  }
  reportVerdict({
    ok: checks.every(Boolean) && stoppedCleanly,
    what: 'every /healthz answer 200, each worker answering, every process stopped by SIGTERM with exit 0',
  });
} finally {
  await admin.query(`drop database if exists ${benchDb} with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
