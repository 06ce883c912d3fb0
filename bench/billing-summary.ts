// Benchmark: the read path where users feel it (issue 16): GET /v1/workspaces/:ws/billing with a session cookie and
// with an API key, a list route (GET …/invoices) and /healthz, each beside a bare Fastify + pg route doing one
// indexed query (bench/support/bare-route-server.ts), all driven by the same autocannon in its own process; then
// the summary on embedded PGlite beside that process's /healthz (target ≥ 1,000 req/s).
// Prints queries per request and RSS, and ends with the correctness check: every summary answers as it did before
// the load, no answer was other than 2xx, and a signed-out session and a revoked key lose access at once.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- billing-summary
// (BENCH_SIZE=small: 20 workspaces, 2 s per figure, CI's smoke run).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { buildServer, distDir, serverNodeFlags } from '../scripts/build-server.ts';
import { freePort } from '../test/support/free-port.ts';
import { startBareRouteServer } from './support/bare-route-server.ts';
import { type BenchServer, benchSecret, createWorkspaces, startBenchServer } from './support/bench-server.ts';
import { failuresOf, type LoadRequest, type LoadResult, runLoad } from './support/load-generator.ts';
import { reportFigure, reportLoad, reportVerdict, rssMegabytes } from './support/report.ts';

const small = process.env.BENCH_SIZE === 'small';
const workspaceCount = small ? 20 : 1000;
const durationSeconds = small ? 2 : 5;
// Every fourth workspace is on Team with a card, so the summary's subscription, next charge and card are read too.
const subscribedEvery = 4;
const keyedWorkspaces = Math.min(workspaceCount, 100);
const pgliteWorkspaceCount = small ? 8 : 100;

// Every statement any pool client of this process sends (Billfold's, better-auth's): queries per request.
let statements = 0;
const sendStatement = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  statements++;
  return (sendStatement as (...a: unknown[]) => unknown).apply(this, args);
} as typeof sendStatement;

const server = await startBenchServer();
const slugs = await createWorkspaces(server, workspaceCount);
for (let i = 0; i < workspaceCount; i += subscribedEvery) await subscribeToTeam(server, slugs[i] as string);
const apiKeys = new Map<string, string>();
for (const slug of slugs.slice(0, keyedWorkspaces)) apiKeys.set(slug, await createApiKey(slug));
const bare = await startBareRouteServer(server.databaseUrl, await freePort());

const asSession = { cookie: server.cookie };
const summaryPath = (slug: string) => `/v1/workspaces/${slug}/billing`;
const routes = {
  bare: slugs.map((slug): LoadRequest => ({ path: bare.pathFor(slug) })),
  summarySession: slugs.map((slug): LoadRequest => ({ path: summaryPath(slug), headers: asSession })),
  summaryKey: [...apiKeys].map(
    ([slug, token]): LoadRequest => ({
      path: summaryPath(slug),
      headers: { authorization: `Bearer ${token}` },
    }),
  ),
  invoices: slugs.map((slug): LoadRequest => ({ path: `/v1/workspaces/${slug}/invoices`, headers: asSession })),
  healthz: [{ path: '/healthz' }],
};

const before = await summaries();
console.log(
  `Billfold read path on Postgres, ${workspaceCount} workspaces (1 in ${subscribedEvery} on Team), ${durationSeconds} s per figure, autocannon in its own process, one Billfold process`,
);
reportLoad();

let failures = 0;
/** The load's result and the CPU the server's process spent per answer, in ms (a figure the machine's load skews less). */
async function load(
  baseUrl: string,
  requests: LoadRequest[],
  connections: number,
): Promise<LoadResult & { cpuMsPerRequest: number }> {
  const serverCpu = () => (baseUrl === bare.baseUrl ? bare.cpuMicroseconds() : cpuMicroseconds());
  const cpuBefore = serverCpu();
  const result = await runLoad(baseUrl, requests, { connections, durationSeconds });
  failures += failuresOf(result);
  return { ...result, cpuMsPerRequest: (serverCpu() - cpuBefore) / 1000 / Math.max(1, result.total) };
}

function cpuMicroseconds(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

// Warm both servers (JIT, pools) before anything is measured; the keys' first use writes their last-used time.
await load(bare.baseUrl, routes.bare, 16);
await load(server.baseUrl, routes.summarySession, 16);
await load(server.baseUrl, routes.summaryKey, 16);
const queries = {
  summarySession: await queriesPerRequest(routes.summarySession),
  summaryKey: await queriesPerRequest(routes.summaryKey),
  invoices: await queriesPerRequest(routes.invoices),
  healthz: await queriesPerRequest(routes.healthz),
};

let bareAt64: LoadResult | null = null;
for (const connections of [1, 16, 64]) {
  const limit = await load(bare.baseUrl, routes.bare, connections);
  if (connections === 64) bareAt64 = limit;
  const cases: [string, LoadRequest[], number][] = [
    ['summary, session cookie', routes.summarySession, queries.summarySession],
    ['summary, API key', routes.summaryKey, queries.summaryKey],
  ];
  if (connections > 1) {
    cases.push(['GET …/invoices, session cookie', routes.invoices, queries.invoices]);
    cases.push(['/healthz', routes.healthz, queries.healthz]);
  }
  for (const [what, requests, queryCount] of cases) {
    const result = await load(server.baseUrl, requests, connections);
    const note = `${queryCount.toFixed(1)} queries/request (bare: 1), CPU ${result.cpuMsPerRequest.toFixed(2)} ms/request (bare: ${limit.cpuMsPerRequest.toFixed(2)}), ${failuresOf(result)} failures`;
    const isSummary = what.startsWith('summary');
    if (connections === 1) {
      reportFigure({
        what: `${what}, c=1 p50`,
        value: result.p50Ms,
        unit: 'ms',
        limit: { label: 'bare one-query route, c=1 p50', value: limit.p50Ms },
        target: isSummary ? { atMost: 2 } : undefined,
        note,
      });
      continue;
    }
    reportFigure({
      what: `${what}, c=${connections}`,
      value: result.requestsPerSecond,
      unit: 'req/s',
      limit: { label: `bare one-query route, c=${connections}`, value: limit.requestsPerSecond },
      target: isSummary && connections === 64 ? { ratioAtLeast: 0.25 } : undefined,
      note,
    });
    reportFigure({
      what: `${what}, c=${connections} p99`,
      value: result.p99Ms,
      unit: 'ms',
      limit: { label: `bare one-query route, c=${connections} p99`, value: limit.p99Ms },
      target: isSummary ? { atMost: 30 } : undefined,
    });
  }
}
// Both cores: the built server as `npm start` runs it on Postgres (`serve`, one worker per core), on the same
// database (so the same session cookie), beside the same bare one-query route in one process.
const workers = await startBuiltServer(server.databaseUrl, 2);
await runLoad(workers.baseUrl, routes.summarySession, { connections: 64, durationSeconds: 1 });
const acrossWorkers = await runLoad(workers.baseUrl, routes.summarySession, { connections: 64, durationSeconds });
failures += failuresOf(acrossWorkers);
await workers.stop();
if (bareAt64) {
  reportFigure({
    what: 'summary, session cookie, c=64, `serve --workers 2`',
    value: acrossWorkers.requestsPerSecond,
    unit: 'req/s',
    limit: { label: 'bare one-query route in one process, c=64', value: bareAt64.requestsPerSecond },
    target: { ratioAtLeast: 0.25 },
    note: `the built server, 2 worker processes (the default on 2 cores), ${failuresOf(acrossWorkers)} failures`,
  });
  reportFigure({
    what: 'summary, session cookie, c=64, `serve --workers 2` p99',
    value: acrossWorkers.p99Ms,
    unit: 'ms',
    limit: { label: 'bare one-query route in one process, c=64 p99', value: bareAt64.p99Ms },
    target: { atMost: 30 },
  });
}

reportFigure({
  what: "RSS of Billfold's process, after the load",
  value: rssMegabytes(),
  unit: 'MB',
  limit: { label: "the bare route's process", value: bare.rssMegabytes() },
});

// Embedded PGlite (a laptop install: one process, one connection): the summary beside the same process's /healthz,
// whose one `select 1` through PGlite is the cheapest answer that touches the database there.
const embedded = await startBenchServer({}, { embedded: true });
const embeddedSlugs = await createWorkspaces(embedded, pgliteWorkspaceCount);
for (let i = 0; i < pgliteWorkspaceCount; i += subscribedEvery) {
  await subscribeToTeam(embedded, embeddedSlugs[i] as string);
}
const embeddedSummary = embeddedSlugs.map(
  (slug): LoadRequest => ({ path: summaryPath(slug), headers: { cookie: embedded.cookie } }),
);
await load(embedded.baseUrl, embeddedSummary, 16);
const embeddedHealthz = await load(embedded.baseUrl, routes.healthz, 16);
const embeddedResult = await load(embedded.baseUrl, embeddedSummary, 16);
reportFigure({
  what: 'PGlite: summary, session cookie, c=16',
  value: embeddedResult.requestsPerSecond,
  unit: 'req/s',
  limit: { label: '/healthz on the same PGlite, c=16', value: embeddedHealthz.requestsPerSecond },
  target: { atLeast: 1000 },
  note: `p99 ${embeddedResult.p99Ms.toFixed(1)} ms, CPU ${embeddedResult.cpuMsPerRequest.toFixed(2)} ms/request (the database runs in this process too), ${failuresOf(embeddedResult)} failures`,
});
await embedded.stop();

// Correctness: the load changed nothing, every answer was 2xx, and access ends the moment it is taken away.
const after = await summaries();
const unchanged = isDeepStrictEqual(before, after);
const revokedKey = [...apiKeys][0] as [string, string];
await revokeApiKey(revokedKey[0], revokedKey[1]);
const afterRevoke = await fetch(`${server.baseUrl}${summaryPath(revokedKey[0])}`, {
  headers: { authorization: `Bearer ${revokedKey[1]}` },
});
const signOut = await server.post('/api/auth/sign-out');
const afterSignOut = await server.get(summaryPath(slugs[0] as string));
await bare.stop();
await server.stop();
reportVerdict({
  ok: unchanged && failures === 0 && signOut.ok && afterSignOut.status === 401 && afterRevoke.status === 401,
  what: `summaries unchanged by the load (${unchanged}), non-2xx or errors: ${failures}, after sign-out ${afterSignOut.status}, after revoking the key ${afterRevoke.status} (both must be 401)`,
});

/** Each workspace's summary as its owner sees it. */
async function summaries(): Promise<unknown[]> {
  const all: unknown[] = [];
  for (const slug of slugs) {
    const response = await server.get(summaryPath(slug));
    if (!response.ok) throw new Error(`summary of ${slug}: ${response.status} ${await response.text()}`);
    all.push(await response.json());
  }
  return all;
}

/** Statements sent to the database per request, over a few requests one after another. */
async function queriesPerRequest(requests: LoadRequest[]): Promise<number> {
  const sample = requests.slice(0, 20);
  const counted = statements;
  for (const { path, headers } of sample) {
    const response = await fetch(`${server.baseUrl}${path}`, { headers });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  }
  return (statements - counted) / sample.length;
}

/** `node dist/cli.js serve --workers N` on the given database, with the bench server's secret (so its cookies). */
async function startBuiltServer(
  databaseUrl: string,
  workerCount: number,
): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  await buildServer();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'billfold-bench-workers-'));
  const child = spawn(
    process.execPath,
    [...serverNodeFlags, join(distDir, 'cli.js'), 'serve', '--workers', String(workerCount)],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        BILLFOLD_DATA_DIR: dataDir,
        BILLFOLD_BASE_URL: baseUrl,
        BILLFOLD_SECRET: benchSecret,
        BILLFOLD_LOG_LEVEL: 'silent',
        BILLFOLD_AUTH_RATE_LIMIT: 'false',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = once(child, 'exit');
  for (let attempt = 0; ; attempt++) {
    const up = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (attempt > 300) throw new Error('`serve --workers` did not answer /healthz in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function subscribeToTeam(server: BenchServer, slug: string): Promise<void> {
  const card = (await expectOk(
    await server.post('/sandbox/v1/tokens', { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2040, cvc: '123' }),
    'tokenize',
  )) as { id: string };
  await expectOk(
    await server.post(`/v1/workspaces/${slug}/payment-methods`, { token: card.id, makeDefault: true }),
    'add card',
  );
  await expectOk(
    await server.post(`/v1/workspaces/${slug}/subscription`, { plan: 'team', interval: 'month', seats: 3 }),
    'subscribe',
  );
}

async function createApiKey(slug: string): Promise<string> {
  const key = (await expectOk(await server.post(`/v1/workspaces/${slug}/api-keys`, { name: 'bench' }), 'api key')) as {
    token: string;
  };
  return key.token;
}

async function revokeApiKey(slug: string, token: string): Promise<void> {
  const keys = (await expectOk(await server.get(`/v1/workspaces/${slug}/api-keys`), 'list keys')) as {
    data: { id: string; prefix: string }[];
  };
  const key = keys.data.find((k) => token.startsWith(k.prefix));
  const revoke = await fetch(`${server.baseUrl}/v1/workspaces/${slug}/api-keys/${key?.id}`, {
    method: 'DELETE',
    headers: { cookie: server.cookie, origin: server.baseUrl },
  });
  if (!revoke.ok) throw new Error(`revoke key: ${revoke.status} ${await revoke.text()}`);
}
