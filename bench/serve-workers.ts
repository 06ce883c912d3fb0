// Benchmark: how `billfold serve` starts and how it uses the cores, on Postgres. (1) Milliseconds from spawning
// the process to its first /healthz answer: the built server (`node dist/cli.js serve`, what `npm start` runs)
// and tsx running the sources, each beside the bare Fastify + pg server's start (bench/support/
// bare-healthz-server.ts). (2) /healthz throughput of `serve --workers 1` and `--workers 2`, each beside the bare
// server in as many processes, all driven by one autocannon in its own process. Each figure is the median of
// rounds in which the servers take turns (BENCH_SIZE=small: one round, 3-second loads). Ends with the correctness
// check: every answer 200, each worker answering, every process stopped by SIGTERM with exit code 0.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- serve-workers
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { type ClientRequest, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildServer, distDir } from '../scripts/build-server.ts';
import { freePort } from '../test/support/free-port.ts';
import { failuresOf, runLoad } from './support/load-generator.ts';
import { reportFigure, reportLoad, reportVerdict } from './support/report.ts';

const small = process.env.BENCH_SIZE === 'small';
// The machine is shared: each figure is the median of rounds that take turns with the others' rounds, so a burst of
// load elsewhere falls on every server alike rather than on one.
const rounds = small ? 1 : 3;
const windowSeconds = small ? 3 : 5;
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
// A port nothing listens on: other benches or tests may run on this machine at the same time.
const port = await freePort();

interface Server {
  child: ChildProcess;
  port: number;
  exitCode: Promise<number | null>;
}

const servers = {
  built: (workers: number) => [join(distDir, 'cli.js'), 'serve', '--workers', String(workers)],
  tsx: (workers: number) => ['--import', 'tsx', join(root, 'src/cli.ts'), 'serve', '--workers', String(workers)],
  bare: () => [join(root, 'bench/support/bare-healthz-server.ts')],
};

function start(args: string[], workers: number, port: number): Server {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      BILLFOLD_DATA_DIR: dataDir,
      BILLFOLD_BASE_URL: `http://127.0.0.1:${port}`,
      BILLFOLD_SECRET: 'bench-secret-bench-secret-bench-secret-00',
      BILLFOLD_LOG_LEVEL: 'silent',
      BARE_DATABASE_URL: databaseUrl,
      BARE_PORT: String(port),
      BARE_WORKERS: String(workers),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { child, port, exitCode: once(child, 'exit').then(([code]) => code as number | null) };
}

/** The pid of the process that answered /healthz, over a connection of its own; null while none answers. */
function healthzPid(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 5000 }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve(response.statusCode === 200 ? JSON.parse(body).pid : null));
    })
      .on('timeout', function (this: ClientRequest) {
        this.destroy();
      })
      .on('error', () => resolve(null));
  });
}

async function untilAnswering(server: Server): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await healthzPid(server.port)) === null) {
    const { exitCode, signalCode } = server.child;
    if (exitCode !== null || signalCode !== null) throw new Error(`the server exited (${exitCode ?? signalCode})`);
    if (Date.now() > deadline) throw new Error('the server did not answer /healthz within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let stoppedCleanly = true;
async function stop(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  if ((await server.exitCode) !== 0) stoppedCleanly = false;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Milliseconds from spawning the server to its first /healthz answer. */
async function startMs(args: string[]): Promise<number> {
  const startedAt = performance.now();
  const server = start(args, 1, port);
  await untilAnswering(server);
  const ms = performance.now() - startedAt;
  await stop(server);
  return ms;
}

const kinds = ['bare', 'built', 'tsx'] as const;

/** Median start of each kind; one unmeasured start of each first fills the compile caches. */
async function startTimes(): Promise<Record<(typeof kinds)[number], number>> {
  const times = { bare: [] as number[], built: [] as number[], tsx: [] as number[] };
  for (let round = 0; round <= rounds; round++) {
    for (const kind of kinds) {
      const ms = await startMs(servers[kind](1));
      if (round > 0) times[kind].push(ms);
    }
  }
  return { bare: median(times.bare), built: median(times.built), tsx: median(times.tsx) };
}

/** How many distinct processes answer /healthz, over connections of their own. */
async function answeringProcesses(server: Server, workers: number): Promise<number> {
  const pids = new Set<number | null>();
  for (let n = 0; n < 10 * workers; n++) pids.add(await healthzPid(server.port));
  pids.delete(null);
  return pids.size;
}

interface Contender {
  label: 'bare' | 'built';
  workers: number;
  rates: number[];
  failures: number;
  /** The fewest distinct processes seen answering /healthz in a round. */
  answering: number;
}

/**
 * Each round starts each server in turn (one at a time: two pools of 20 per worker, beside the other tests of a
 * shared Postgres, would run out of its connections), warms it up for 2 s, loads it for a window, and stops it.
 */
async function throughputs(): Promise<Contender[]> {
  const contenders: Contender[] = [];
  for (const workers of [1, 2]) {
    for (const label of ['bare', 'built'] as const) {
      contenders.push({ label, workers, rates: [], failures: 0, answering: workers });
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) {
      const server = start(servers[contender.label](contender.workers), contender.workers, port);
      await untilAnswering(server);
      const load = (durationSeconds: number) =>
        runLoad(`http://127.0.0.1:${port}`, [{ path: '/healthz' }], { connections, durationSeconds });
      await load(2);
      const result = await load(windowSeconds);
      contender.rates.push(result.requestsPerSecond);
      contender.failures += failuresOf(result);
      contender.answering = Math.min(contender.answering, await answeringProcesses(server, contender.workers));
      await stop(server);
    }
  }
  return contenders;
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
    `billfold serve on Postgres: median of ${rounds} rounds taking turns; starts to the first /healthz answer, ` +
      `/healthz at c=${connections} for ${windowSeconds} s a round, autocannon in its own process`,
  );
  reportLoad();

  const starts = await startTimes();
  const limit = { label: 'bare Fastify + pg process', value: starts.bare };
  reportFigure({
    what: 'start to first /healthz: node dist/cli.js',
    value: starts.built,
    unit: 'ms',
    limit,
    target: { atMost: 1000 },
  });
  reportFigure({ what: 'start to first /healthz: tsx src/cli.ts', value: starts.tsx, unit: 'ms', limit });

  const contenders = await throughputs();
  const rateOf = (label: Contender['label'], workers: number) =>
    median(contenders.find((c) => c.label === label && c.workers === workers)?.rates ?? []);
  for (const { label, workers, failures, answering } of contenders) {
    if (label === 'bare') continue;
    reportFigure({
      what: `GET /healthz, serve --workers ${workers}, c=${connections}`,
      value: rateOf('built', workers),
      unit: 'req/s',
      limit: {
        label: `bare Fastify + pg, ${workers} process${workers > 1 ? 'es' : ''}`,
        value: rateOf('bare', workers),
      },
      note:
        `${failures} failures; ${answering} pids answering` +
        (workers > 1 ? `; ${(rateOf('built', workers) / rateOf('built', 1)).toFixed(2)}× one worker` : ''),
    });
  }
  const correct = contenders.every((c) => c.failures === 0 && c.answering === c.workers);
  reportVerdict({
    ok: correct && stoppedCleanly,
    what: 'every /healthz answer 200, each worker answering, every process stopped by SIGTERM with exit 0',
  });
} finally {
  await admin.query(`drop database if exists ${benchDb} with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
