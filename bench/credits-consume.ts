// Benchmark: consuming credits on Postgres. Every debit of a workspace locks that workspace's one wallet row
// (docs/decisions/007), so this measures how close consumption comes to the cheapest possible locked write:
// beside each round it runs a baseline of the same number of bare `update … set n = n - 1` transactions,
// with the same concurrency, through the same pool, on one row (one-workspace rounds) or 1,000 rows (spread).
// Consumption calls the use case directly (what POST …/credits/consume runs after authorizing its API key); one
// extra round goes through the HTTP route. At the end it checks every wallet against its ledger and the debits.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:credits
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { sql } from 'kysely';
import type { WorkspaceAccess } from '../src/billing/access/authorize.ts';
import { adjustCredits } from '../src/billing/credits/adjust-credits.ts';
import { consumeCredits } from '../src/billing/credits/consume-credits.ts';
import { verifyCredits } from '../src/billing/credits/verify-credits.ts';
import { systemActor } from '../src/domain/access/actor.ts';
import type { ApiKeyScope } from '../src/domain/access/api-key-scopes.ts';
import { createWorkspaces, startBenchServer } from './support/bench-server.ts';

const workspaceCount = 1000;
const opsPerRound = 2000;
const httpOps = 1000;
const initialCredits = 1_000_000;
/** openDatabase() in src/db/connection.ts: `new pg.Pool({ max: 20 })`; checked against pg_stat_activity below. */
const appPoolMax = 20;
const targets = { one: 0.5, spread: 0.3 };

const server = await startBenchServer();
const setupStarted = performance.now();
const slugs = await createWorkspaces(server, workspaceCount);
const idBySlug = new Map(
  (await server.db.selectFrom('organization').select(['id', 'slug']).execute()).map((w) => [w.slug, w.id]),
);

interface BenchWorkspace {
  access: WorkspaceAccess;
  token: string;
}
const workspaces: BenchWorkspace[] = new Array(workspaceCount);
const debits = new Map<string, number>();
// Each workspace gets a real API key (over HTTP, as an owner creates one) and a balance (the operator's
// `billfold credits adjust`), 16 workspaces at a time.
await setupStep(workspaceCount, 16, async (i) => {
  const slug = slugs[i] as string;
  const id = idBySlug.get(slug);
  if (!id) throw new Error(`workspace ${slug} was not created`);
  const created = await server.post(`/v1/workspaces/${slug}/api-keys`, { name: 'bench' });
  if (created.status !== 201) throw new Error(`api key failed: ${created.status} ${await created.text()}`);
  const key = (await created.json()) as { id: string; token: string; scopes: ApiKeyScope[] };
  workspaces[i] = {
    // What the consume route hands the use case once authorize() has accepted the workspace's API key.
    access: {
      workspace: { id, slug, name: `Bench ${i}` },
      actor: { kind: 'api_key', keyId: key.id, workspaceId: id, scopes: key.scopes },
      principal: { kind: 'api_key', scopes: key.scopes },
      memberId: null,
    },
    token: key.token,
  };
  await adjustCredits(server.deps, id, { credits: initialCredits, reason: 'Benchmark balance', actor: systemActor });
  debits.set(id, 0);
});

// The baseline: one counter row per workspace slot, updated by bare single-statement transactions.
await sql`create table bench_counter (id integer primary key, n bigint not null)`.execute(server.db);
await sql`insert into bench_counter select g, 1000000000 from generate_series(0, ${workspaceCount - 1}) g`.execute(
  server.db,
);
const baselineDb = server.db.withTables<{ bench_counter: { id: number; n: number } }>();
const setupSeconds = (performance.now() - setupStarted) / 1000;

let roundNumber = 0;
function consumeOp(round: string, pick: (i: number) => BenchWorkspace) {
  return async (i: number) => {
    const workspace = pick(i);
    const consumed = await consumeCredits(server.deps, workspace.access, {
      amount: 1,
      description: 'Bench request',
      metadata: null,
      idempotencyKey: `${round}-${i}`,
    });
    const id = workspace.access.workspace.id;
    debits.set(id, (debits.get(id) ?? 0) + consumed.amount);
  };
}
function baselineOp(pick: (i: number) => number) {
  return async (i: number) => {
    await baselineDb.transaction().execute(async (trx) => {
      await trx
        .updateTable('bench_counter')
        .set((eb) => ({ n: eb('n', '-', 1) }))
        .where('id', '=', pick(i))
        .execute();
    });
  };
}

// Warm-up at the highest concurrency: fills the pool and warms both paths, so the c=1 round is not first.
await setupStep(
  500,
  64,
  consumeOp('warmup', (i) => workspaces[i % workspaceCount] as BenchWorkspace),
);
await setupStep(
  500,
  64,
  baselineOp((i) => i % workspaceCount),
);
const connections = await sql<{ n: number }>`
  select count(*)::int as n from pg_stat_activity where datname = current_database()`.execute(server.db);

const pgVersion = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(server.db);
console.log(
  `Billfold credits consumption benchmark on Postgres ${pgVersion.rows[0]?.v}, ${workspaceCount} workspaces; ${availableParallelism()} CPUs, load average ${loadText()} at start`,
);
console.log(
  `setup ${setupSeconds.toFixed(1)} s (workspaces and API keys over HTTP, ${initialCredits.toLocaleString('en')} credits each by adjustCredits)`,
);
console.log(
  `app pool: pg.Pool max ${appPoolMax} (src/db/connection.ts); ${connections.rows[0]?.n} connections open after warm-up`,
);
console.log(
  `each op: consumeCredits(1 credit, unique Idempotency-Key) called directly vs. baseline BEGIN; UPDATE bench_counter SET n = n - 1; COMMIT — ${opsPerRound} ops per side per round`,
);
console.log();
const header = [
  'round'.padEnd(26),
  'consume op/s'.padStart(12),
  'p50 ms'.padStart(7),
  'p99 ms'.padStart(7),
  '│',
  'baseline op/s'.padStart(13),
  'p50 ms'.padStart(7),
  'p99 ms'.padStart(7),
  '│',
  'ratio'.padStart(6),
  'target'.padStart(7),
  '',
].join(' ');
console.log(header);
console.log('─'.repeat(header.length + 6));

const results: { label: string; ratio: number; target: number; consume: LoopResult; baseline: LoopResult }[] = [];
for (const scope of ['one', 'spread'] as const) {
  for (const concurrency of [1, 16, 64]) {
    roundNumber++;
    const label = scope === 'one' ? `one workspace, c=${concurrency}` : `spread ${workspaceCount} ws, c=${concurrency}`;
    const consume = await closedLoop(
      opsPerRound,
      concurrency,
      consumeOp(`r${roundNumber}`, (i) =>
        scope === 'one' ? (workspaces[0] as BenchWorkspace) : (workspaces[i % workspaceCount] as BenchWorkspace),
      ),
    );
    const baseline = await closedLoop(
      opsPerRound,
      concurrency,
      baselineOp((i) => (scope === 'one' ? 0 : i % workspaceCount)),
    );
    const ratio = consume.opsPerSecond / baseline.opsPerSecond;
    const target = targets[scope];
    results.push({ label, ratio, target, consume, baseline });
    console.log(
      [
        label.padEnd(26),
        consume.opsPerSecond.toFixed(0).padStart(12),
        consume.p50.toFixed(2).padStart(7),
        consume.p99.toFixed(2).padStart(7),
        '│',
        baseline.opsPerSecond.toFixed(0).padStart(13),
        baseline.p50.toFixed(2).padStart(7),
        baseline.p99.toFixed(2).padStart(7),
        '│',
        `${(ratio * 100).toFixed(0)}%`.padStart(6),
        `≥${(target * 100).toFixed(0)}%`.padStart(7),
        ratio >= target ? 'met' : 'MISSED',
        consume.failures + baseline.failures > 0
          ? `(failures: consume ${consume.failures}, baseline ${baseline.failures})`
          : '',
      ].join(' '),
    );
  }
}

// The same one-workspace c=16 load through the route: loopback HTTP, API key lookup, authorize, the HTTP
// idempotency record, then the use case. Not part of the targets; shown for what the whole request costs.
console.log();
const first = workspaces[0] as BenchWorkspace;
const http = await closedLoop(httpOps, 16, async (i) => {
  const response = await fetch(`${server.baseUrl}/v1/workspaces/${first.access.workspace.slug}/credits/consume`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${first.token}`,
      'idempotency-key': `http-${i}`,
    },
    body: JSON.stringify({ amount: 1, description: 'Bench request' }),
  });
  const body = (await response.json()) as { amount?: number };
  if (response.status !== 200) throw new Error(`consume route: ${response.status} ${JSON.stringify(body)}`);
  const id = first.access.workspace.id;
  debits.set(id, (debits.get(id) ?? 0) + (body.amount ?? 0));
});
console.log(
  `HTTP route POST /v1/workspaces/:ws/credits/consume (API key, one workspace, c=16, ${httpOps} requests over 127.0.0.1; not a target):`,
);
console.log(
  `  ${http.opsPerSecond.toFixed(0)} op/s  p50 ${http.p50.toFixed(2)} ms  p99 ${http.p99.toFixed(2)} ms  failures ${http.failures}  (${costText(http)})`,
);

// Where the time goes: what one operation costs the Node process (load generator included) and the Postgres
// backends serving this pool, and how much WAL its commit must flush (the whole cluster's WAL, so other
// databases' writes during a round count too).
console.log();
console.log('cost per operation (CPU ms of Node / of the Postgres backends, WAL bytes flushed):');
for (const r of results) {
  console.log(`  ${r.label.padEnd(26)} consume ${costText(r.consume)}  │  baseline ${costText(r.baseline)}`);
}
const met = results.filter((r) => r.ratio >= r.target).length;
console.log(`targets met: ${met} of ${results.length}; load average ${loadText()} at the end`);

// Correctness: every wallet agrees with its ledger, and lost exactly what was debited.
console.log();
const verification = await verifyCredits(server.db);
console.log(
  `verifyCredits: ${verification.walletsChecked} wallets checked, ${verification.mismatches.length} mismatches`,
);
for (const mismatch of verification.mismatches.slice(0, 5))
  console.log(`  ${mismatch.workspaceId}: ${mismatch.problems}`);
const balances = await server.db.selectFrom('credit_account').select(['workspace_id', 'balance']).execute();
const ledgerDebits = await server.db
  .selectFrom('credit_transaction')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('type', '=', 'debit')
  .executeTakeFirstOrThrow();
const wrongBalances = balances.filter((b) => b.balance !== initialCredits - (debits.get(b.workspace_id) ?? 0));
const totalDebited = [...debits.values()].reduce((sum, n) => sum + n, 0);
console.log(
  `balances: ${balances.length} wallets, ${totalDebited} credits debited by ${Number(ledgerDebits.n)} ledger debits; ${wrongBalances.length} wallets differ from initial − debits → ${
    wrongBalances.length === 0 && balances.length === workspaceCount && Number(ledgerDebits.n) === totalDebited
      ? 'all correct'
      : 'WRONG BALANCES'
  }`,
);
if (
  verification.mismatches.length > 0 ||
  wrongBalances.length > 0 ||
  balances.length !== workspaceCount ||
  Number(ledgerDebits.n) !== totalDebited
) {
  process.exitCode = 1;
}

await server.stop();

interface LoopResult {
  opsPerSecond: number;
  p50: number;
  p99: number;
  walBytesPerOp: number;
  nodeCpuMsPerOp: number;
  /** Null when the Postgres backends' /proc entries cannot be read (Postgres on another host). */
  postgresCpuMsPerOp: number | null;
  failures: number;
}

function costText(r: LoopResult): string {
  const pgCpu = r.postgresCpuMsPerOp === null ? '   n/a' : r.postgresCpuMsPerOp.toFixed(2).padStart(6);
  return `CPU ${r.nodeCpuMsPerOp.toFixed(2).padStart(5)} / ${pgCpu} ms, WAL ${r.walBytesPerOp.toFixed(0).padStart(5)} B`;
}

/** CPU time so far of each backend connected to the bench database, in ms (Linux /proc, 100 ticks a second). */
async function backendCpu(): Promise<Map<number, number> | null> {
  const backends = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(server.db);
  const cpu = new Map<number, number>();
  for (const { pid } of backends.rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      return null;
    }
  }
  return cpu;
}

function loadText(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
}

async function walPosition(): Promise<string> {
  const row = await sql<{ lsn: string }>`select pg_current_wal_insert_lsn()::text as lsn`.execute(server.db);
  return row.rows[0]?.lsn ?? '0/0';
}

/** Setup work in parallel; unlike a measured round, any failure stops the benchmark. */
async function setupStep(total: number, concurrency: number, operation: (i: number) => Promise<void>): Promise<void> {
  const result = await closedLoop(total, concurrency, operation);
  if (result.failures > 0) throw new Error(`setup failed ${result.failures} times (first failure above)`);
}

/** Runs `total` operations with `concurrency` workers (closed loop); a thrown error counts as a failure. */
async function closedLoop(
  total: number,
  concurrency: number,
  operation: (i: number) => Promise<void>,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let firstError: unknown;
  const walBefore = await walPosition();
  const backendsBefore = await backendCpu();
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        try {
          await operation(i);
        } catch (error) {
          failures++;
          firstError ??= error;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const nodeCpu = process.cpuUsage(nodeBefore);
  // Backends that closed during the round were idle in it (the pool closes connections idle for 10 s).
  const backendsAfter = await backendCpu();
  let postgresCpuMs: number | null = null;
  if (backendsBefore && backendsAfter) {
    postgresCpuMs = 0;
    for (const [pid, ms] of backendsAfter) postgresCpuMs += ms - (backendsBefore.get(pid) ?? 0);
  }
  const walBytes = await sql<{ bytes: number }>`
    select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ${walBefore}::pg_lsn)::int8 as bytes`.execute(server.db);
  if (firstError) console.error('first failure:', firstError);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    opsPerSecond: total / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    walBytesPerOp: (walBytes.rows[0]?.bytes ?? 0) / total,
    nodeCpuMsPerOp: (nodeCpu.user + nodeCpu.system) / 1000 / total,
    postgresCpuMsPerOp: postgresCpuMs === null ? null : postgresCpuMs / total,
    failures,
  };
}
