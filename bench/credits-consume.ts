// Benchmark: consuming credits. Every debit of a workspace locks that workspace's one wallet row
// (docs/decisions/007), so each figure is printed beside the cheapest locked write of the same shape, measured in
// the same run through the same pool with the same concurrency:
// - batches of 100 debits over HTTP spread over 1,000 workspaces (docs/decisions/017) against bare
//   `BEGIN; UPDATE one row; INSERT 100 ledger rows; COMMIT` transactions (target ≥ 10,000 debits/s);
// - the single-debit route over HTTP, one workspace, c=16, against bare `BEGIN; UPDATE … SET n = n - 1; COMMIT`
//   on one row (target ≥ 60% of it), and against the same with its key claimed before and its answer kept after;
// - the use case called directly (what the route runs after authorizing its API key), one workspace and spread,
//   c=1/16/64, against the same bare transactions (targets 50% and 30%, docs/decisions/007);
// - embedded PGlite (a laptop install): one debit and batches over HTTP (target ≥ 800 debits/s).
// It ends by checking every wallet against its ledger (verifyCredits) and against the debits it made.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- credits-consume
// (BENCH_SIZE=small: 50 workspaces and fewer operations, CI's smoke check.)
import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import type { WorkspaceAccess } from '../src/billing/access/authorize.ts';
import { adjustCredits } from '../src/billing/credits/adjust-credits.ts';
import { consumeCredits } from '../src/billing/credits/consume-credits.ts';
import { verifyCredits } from '../src/billing/credits/verify-credits.ts';
import { systemActor } from '../src/domain/access/actor.ts';
import type { ApiKeyScope } from '../src/domain/access/api-key-scopes.ts';
import { type BenchServer, createWorkspaces, startBenchServer } from './support/bench-server.ts';
import { reportFigure, reportLoad, reportVerdict } from './support/report.ts';

const small = process.env.BENCH_SIZE === 'small';
const size = {
  workspaces: small ? 50 : 1000,
  batchRequests: small ? 40 : 400,
  directOps: small ? 200 : 2000,
  httpOps: small ? 200 : 2000,
  pgliteWorkspaces: small ? 5 : 20,
  pgliteOps: small ? 200 : 2000,
  pgliteBatchRequests: small ? 10 : 60,
};
const batchSize = 100;
const initialCredits = 10_000_000;

interface BenchWorkspace {
  access: WorkspaceAccess;
  token: string;
}

/** A wallet and what this run debited from it, to check the balance at the end. */
interface Ledgered {
  server: BenchServer;
  workspaces: BenchWorkspace[];
  debited: Map<string, number>;
}

reportLoad();
console.log(
  `Billfold credits consumption benchmark${small ? ' (small)' : ''}; ${availableParallelism()} CPUs; ${size.workspaces} workspaces on Postgres`,
);

// ── Postgres ──────────────────────────────────────────────────────────────────────────────────────────────
const postgres = await prepare(await startBenchServer(), size.workspaces);
const pgVersion = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(postgres.server.db);
console.log(`Postgres ${pgVersion.rows[0]?.v}; app pool pg.Pool max 20 (src/db/connection.ts)`);
await createBaselineTables(postgres.server, size.workspaces);
// Warm-up at the highest concurrency: fills the pool and warms every path, so the first measured round is not cold.
await setupStep(
  500,
  64,
  consumeOp(postgres, 'warmup', (i) => i % size.workspaces),
);
await setupStep(
  500,
  64,
  baselineOp(postgres.server, (i) => i % size.workspaces),
);
await setupStep(
  100,
  16,
  batchOp(postgres, 'warmup', (i) => i % size.workspaces),
);

console.log();
const batches = await closedLoop(
  size.batchRequests,
  16,
  batchOp(postgres, 'batch', (i) => i % size.workspaces),
);
const bareBatches = await closedLoop(
  size.batchRequests,
  16,
  bareBatchOp(postgres.server, (i) => i % size.workspaces),
);
reportFigure({
  what: `batch debits over HTTP, ${size.workspaces} ws, ${batchSize} a batch, c=16`,
  value: batches.opsPerSecond * batchSize,
  unit: 'debits/s',
  limit: { label: 'bare BEGIN; UPDATE; INSERT 100 rows; COMMIT', value: bareBatches.opsPerSecond * batchSize },
  target: { atLeast: 10_000 },
  note: `p50 ${batches.p50.toFixed(1)} ms, p99 ${batches.p99.toFixed(1)} ms per batch; failures ${batches.failures}`,
});

const singleHttp = await closedLoop(
  size.httpOps,
  16,
  httpDebitOp(postgres, 'http', () => 0),
);
const bareSingle = await closedLoop(
  size.httpOps,
  16,
  baselineOp(postgres.server, () => 0),
);
reportFigure({
  what: 'one debit over HTTP, one workspace, c=16',
  value: singleHttp.opsPerSecond,
  unit: 'req/s',
  limit: { label: 'bare BEGIN; UPDATE; COMMIT, one row, c=16', value: bareSingle.opsPerSecond },
  target: { ratioAtLeast: 0.6 },
  note: `p50 ${singleHttp.p50.toFixed(1)} ms, p99 ${singleHttp.p99.toFixed(1)} ms (bare p99 ${bareSingle.p99.toFixed(1)} ms); failures ${singleHttp.failures}`,
});
// What bounds it: the same debit with its key claimed before and its answer kept after, bare.
const bareKeyed = await closedLoop(
  size.httpOps,
  16,
  bareKeyedOp(postgres.server, 'keyed', () => 0),
);
reportFigure({
  what: 'one debit over HTTP, beside the bare keyed debit',
  value: singleHttp.opsPerSecond,
  unit: 'req/s',
  limit: { label: 'bare INSERT key; BEGIN; UPDATE; COMMIT; UPDATE key, c=16', value: bareKeyed.opsPerSecond },
  note: `the bare keyed debit reaches ${(bareKeyed.opsPerSecond / bareSingle.opsPerSecond).toFixed(2)} of the bare debit alone`,
});

let round = 0;
for (const scope of ['one', 'spread'] as const) {
  for (const concurrency of [1, 16, 64]) {
    round++;
    const pick = (i: number) => (scope === 'one' ? 0 : i % size.workspaces);
    const direct = await closedLoop(size.directOps, concurrency, consumeOp(postgres, `r${round}`, pick));
    const bare = await closedLoop(size.directOps, concurrency, baselineOp(postgres.server, pick));
    reportFigure({
      what: `consumeCredits direct, ${scope === 'one' ? 'one workspace' : `${size.workspaces} ws`}, c=${concurrency}`,
      value: direct.opsPerSecond,
      unit: 'debits/s',
      limit: { label: `bare BEGIN; UPDATE; COMMIT, c=${concurrency}`, value: bare.opsPerSecond },
      target: { ratioAtLeast: scope === 'one' ? 0.5 : 0.3 },
      note: `p99 ${direct.p99.toFixed(1)} ms; failures ${direct.failures}`,
    });
  }
}
const postgresCheck = await checkLedgers(postgres);
await postgres.server.stop();

// ── Embedded PGlite ───────────────────────────────────────────────────────────────────────────────────────
console.log();
console.log(`Embedded PGlite (one process, one connection), ${size.pgliteWorkspaces} workspaces`);
const pglite = await prepare(await startBenchServer({}, { embedded: true }), size.pgliteWorkspaces);
await createBaselineTables(pglite.server, size.pgliteWorkspaces);
await setupStep(
  200,
  16,
  httpDebitOp(pglite, 'warmup', () => 0),
);
await setupStep(
  200,
  16,
  baselineOp(pglite.server, () => 0),
);
const pgliteSingle = await closedLoop(
  size.pgliteOps,
  16,
  httpDebitOp(pglite, 'http', () => 0),
);
const pgliteBare = await closedLoop(
  size.pgliteOps,
  16,
  baselineOp(pglite.server, () => 0),
);
reportFigure({
  what: 'PGlite: one debit over HTTP, one workspace, c=16',
  value: pgliteSingle.opsPerSecond,
  unit: 'debits/s',
  limit: { label: 'bare BEGIN; UPDATE; COMMIT on the same PGlite', value: pgliteBare.opsPerSecond },
  target: { atLeast: 800 },
  note: `p99 ${pgliteSingle.p99.toFixed(1)} ms; failures ${pgliteSingle.failures}`,
});
const pgliteBatches = await closedLoop(
  size.pgliteBatchRequests,
  4,
  batchOp(pglite, 'batch', (i) => i % size.pgliteWorkspaces),
);
const pgliteBareBatches = await closedLoop(
  size.pgliteBatchRequests,
  4,
  bareBatchOp(pglite.server, (i) => i % size.pgliteWorkspaces),
);
reportFigure({
  what: `PGlite: batch debits over HTTP, ${batchSize} a batch, c=4`,
  value: pgliteBatches.opsPerSecond * batchSize,
  unit: 'debits/s',
  limit: { label: 'bare BEGIN; UPDATE; INSERT 100 rows; COMMIT', value: pgliteBareBatches.opsPerSecond * batchSize },
  target: { atLeast: 800 },
  note: `p99 ${pgliteBatches.p99.toFixed(1)} ms per batch; failures ${pgliteBatches.failures}`,
});
const pgliteCheck = await checkLedgers(pglite);
await pglite.server.stop();

console.log();
reportVerdict({
  ok: postgresCheck.ok && pgliteCheck.ok,
  what: `Postgres: ${postgresCheck.what}; PGlite: ${pgliteCheck.what}`,
});

// ── Setup and operations ──────────────────────────────────────────────────────────────────────────────────

/** Workspaces with a real API key each (over HTTP, as an owner creates one) and a balance (`credits adjust`). */
async function prepare(server: BenchServer, count: number): Promise<Ledgered> {
  const started = performance.now();
  const slugs = await createWorkspaces(server, count);
  const idBySlug = new Map(
    (await server.db.selectFrom('organization').select(['id', 'slug']).execute()).map((w) => [w.slug, w.id]),
  );
  const workspaces: BenchWorkspace[] = new Array(count);
  const debited = new Map<string, number>();
  await setupStep(count, 16, async (i) => {
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
        actor: { kind: 'api_key', keyId: key.id, workspace: { id, slug, name: `Bench ${i}` }, scopes: key.scopes },
        principal: { kind: 'api_key', scopes: key.scopes },
        memberId: null,
      },
      token: key.token,
    };
    await adjustCredits(server.deps, id, { credits: initialCredits, reason: 'Benchmark balance', actor: systemActor });
    debited.set(id, 0);
  });
  console.log(
    `setup: ${count} workspaces, API keys and balances in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { server, workspaces, debited };
}

/** The baselines' tables: one counter row per workspace slot, and a ledger the bare batches append to. */
async function createBaselineTables(server: BenchServer, count: number): Promise<void> {
  await sql`create table bench_counter (id integer primary key, n bigint not null)`.execute(server.db);
  await sql`insert into bench_counter select g, 1000000000 from generate_series(0, ${count - 1}) g`.execute(server.db);
  await sql`create table bench_ledger (id bigserial primary key, counter_id integer not null, n bigint not null,
            balance_after bigint not null)`.execute(server.db);
  await sql`create table bench_request_key (key text primary key, answer text)`.execute(server.db);
}

function record(target: Ledgered, workspace: BenchWorkspace, credits: number): void {
  const id = workspace.access.workspace.id;
  target.debited.set(id, (target.debited.get(id) ?? 0) + credits);
}

function consumeOp(target: Ledgered, tag: string, pick: (i: number) => number) {
  return async (i: number) => {
    const workspace = target.workspaces[pick(i)] as BenchWorkspace;
    const consumed = await consumeCredits(target.server.deps, workspace.access, {
      amount: 1,
      description: 'Bench request',
      metadata: null,
      idempotencyKey: `${tag}-${i}`,
    });
    record(target, workspace, consumed.amount);
  };
}

function httpDebitOp(target: Ledgered, tag: string, pick: (i: number) => number) {
  return async (i: number) => {
    const workspace = target.workspaces[pick(i)] as BenchWorkspace;
    const response = await fetch(
      `${target.server.baseUrl}/v1/workspaces/${workspace.access.workspace.slug}/credits/consume`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${workspace.token}`,
          'idempotency-key': `${tag}-${i}`,
        },
        body: JSON.stringify({ amount: 1, description: 'Bench request' }),
      },
    );
    const body = (await response.json()) as { amount?: number };
    if (response.status !== 200) throw new Error(`consume route: ${response.status} ${JSON.stringify(body)}`);
    record(target, workspace, body.amount ?? 0);
  };
}

function batchOp(target: Ledgered, tag: string, pick: (i: number) => number) {
  return async (i: number) => {
    const workspace = target.workspaces[pick(i)] as BenchWorkspace;
    const debits = Array.from({ length: batchSize }, (_, d) => ({
      amount: 1 + (d % 3),
      idempotencyKey: `${tag}-${i}-${d}`,
    }));
    const response = await fetch(
      `${target.server.baseUrl}/v1/workspaces/${workspace.access.workspace.slug}/credits/consume`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${workspace.token}` },
        body: JSON.stringify({ debits }),
      },
    );
    const body = (await response.json()) as { debits?: { status: string; amount: number }[] };
    if (response.status !== 200 || !body.debits) {
      throw new Error(`consume route (batch): ${response.status} ${JSON.stringify(body)}`);
    }
    for (const answer of body.debits) {
      if (answer.status !== 'debited') throw new Error(`a bench debit was ${answer.status}`);
      record(target, workspace, answer.amount);
    }
  };
}

function baselineOp(server: BenchServer, pick: (i: number) => number) {
  const db = server.db.withTables<{ bench_counter: { id: number; n: number } }>();
  return async (i: number) => {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('bench_counter')
        .set((eb) => ({ n: eb('n', '-', 1) }))
        .where('id', '=', pick(i))
        .execute();
    });
  };
}

/**
 * The writes a keyed debit needs at the least, bare: claim the key (its own statement, so a second request with it
 * waits or replays), the debit's transaction, then keep the answer for replays — what Billfold's Idempotency-Key
 * store does around the route (docs/decisions/009), without HTTP, authentication or Billfold's code.
 */
function bareKeyedOp(server: BenchServer, tag: string, pick: (i: number) => number) {
  return async (i: number) => {
    const key = `${tag}-${i}`;
    await sql`insert into bench_request_key (key) values (${key})`.execute(server.db);
    await server.db.transaction().execute(async (trx) => {
      await sql`update bench_counter set n = n - 1 where id = ${pick(i)}`.execute(trx);
    });
    await sql`update bench_request_key set answer = '{"ok":true}' where key = ${key}`.execute(server.db);
  };
}

/** The least a batch must do: lock and update one row, append 100 rows with the balance after each. */
function bareBatchOp(server: BenchServer, pick: (i: number) => number) {
  return async (i: number) => {
    const id = pick(i);
    await server.db.transaction().execute(async (trx) => {
      const updated = await sql<{ n: number }>`
        update bench_counter set n = n - ${batchSize} where id = ${id} returning n`.execute(trx);
      const after = Number(updated.rows[0]?.n);
      await sql`insert into bench_ledger (counter_id, n, balance_after)
                select ${id}::int, -1, ${after}::bigint + ${batchSize}::int - g from generate_series(1, ${batchSize}::int) g`.execute(
        trx,
      );
    });
  };
}

/** Every wallet agrees with its ledger (verifyCredits) and lost exactly what this run debited from it. */
async function checkLedgers(target: Ledgered): Promise<{ ok: boolean; what: string }> {
  const verification = await verifyCredits(target.server.db);
  for (const mismatch of verification.mismatches.slice(0, 5))
    console.log(`  ${mismatch.workspaceId}: ${mismatch.problems}`);
  const balances = await target.server.db.selectFrom('credit_account').select(['workspace_id', 'balance']).execute();
  const ledgerDebits = await target.server.db
    .selectFrom('credit_transaction')
    .select((eb) => eb.fn.sum<number>(eb.neg('credits')).as('credits'))
    .where('type', '=', 'debit')
    .executeTakeFirstOrThrow();
  const wrong = balances.filter((b) => b.balance !== initialCredits - (target.debited.get(b.workspace_id) ?? 0));
  const total = [...target.debited.values()].reduce((sum, n) => sum + n, 0);
  const ok =
    verification.mismatches.length === 0 &&
    wrong.length === 0 &&
    balances.length === target.workspaces.length &&
    Number(ledgerDebits.credits) === total;
  return {
    ok,
    what: `verify ${verification.walletsChecked} wallets, ${verification.mismatches.length} mismatches; ${total.toLocaleString('en-US')} credits debited = ledger ${Number(ledgerDebits.credits).toLocaleString('en-US')}; ${wrong.length} wallets ≠ initial − debits`,
  };
}

/** Setup work in parallel; unlike a measured round, any failure stops the benchmark. */
async function setupStep(total: number, concurrency: number, operation: (i: number) => Promise<void>): Promise<void> {
  const result = await closedLoop(total, concurrency, operation);
  if (result.failures > 0) throw new Error(`setup failed ${result.failures} times (first failure above)`);
}

interface LoopResult {
  opsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
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
  if (firstError) console.error('first failure:', firstError);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { opsPerSecond: total / seconds, p50: pct(0.5), p99: pct(0.99), failures };
}
