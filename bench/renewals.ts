// Benchmark: the renewal job on Postgres. One workspace is created, given a card and subscribed to Team (2 seats)
// through the HTTP API, then copied in set-based SQL into 100,000 workspaces whose periods have just ended
// (BENCH_SIZE=small: 2,000; BENCH_RENEWALS=N: N); the job renews them in batches with one runner, then as many fresh
// ones with two runners at once (what two server processes do: FOR UPDATE SKIP LOCKED shares the work), as many
// again by the built `billfold jobs run` in its own process (its peak RSS: what a server process holds), then 500
// more with the gateway held to 25 charges/s. Each figure is printed beside its limit measured in the same run —
// bare single-insert transactions through the same pool, or the configured charge rate — with the process's peak
// RSS; the run ends with the correctness check: one renewal invoice per subscription per period, one charge per
// invoice, every renewal paid, gap-less invoice numbers, nothing left pending, and `billfold verify`'s credit check.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:renewals
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildServer, distDir, serverNodeFlags } from '../scripts/build-server.ts';
import { verifyCredits } from '../src/billing/credits/verify-credits.ts';
import { chargeRateLimited } from '../src/gateways/charge-rate-limit.ts';
import { runDueRenewals } from '../src/jobs/run-due-renewals.ts';
import { benchSecret, startBenchServer } from './support/bench-server.ts';
import { cloneWorkspace } from './support/clone-workspaces.ts';
import { reportFigure, reportLoad, reportVerdict, rssMegabytes } from './support/report.ts';

const small = process.env.BENCH_SIZE === 'small';
const dueCount = Number(process.env.BENCH_RENEWALS ?? (small ? 2_000 : 100_000));
const limitedRate = 25;
const limitedCount = small ? 200 : 500;

const server = await startBenchServer();
const { db } = server;
const template = 'renewal-template';
await server.post('/v1/workspaces', { name: 'Renewal Template', slug: template });
const token = await (
  await server.post('/sandbox/v1/tokens', { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' })
).json();
await server.post(`/v1/workspaces/${template}/payment-methods`, { token: token.id });
const subscribed = await server.post(`/v1/workspaces/${template}/subscription`, { plan: 'team', seats: 2 });
if (subscribed.status !== 200) throw new Error(`subscribe failed: ${subscribed.status} ${await subscribed.text()}`);
const { id: templateId } = await db
  .selectFrom('organization')
  .select('id')
  .where('slug', '=', template)
  .executeTakeFirstOrThrow();

/** `count` copies of the subscribed workspace whose period ended just now. */
async function dueWorkspaces(count: number, tag: string): Promise<void> {
  const started = performance.now();
  await cloneWorkspace(db, templateId, count, { tag, shift: '1 month' });
  await sql`analyze`.execute(db);
  console.log(
    `set up ${count.toLocaleString('en-US')} due subscriptions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** The limit: bare single-insert transactions through the same pool, 16 at a time. */
async function singleInsertTransactionsPerSecond(): Promise<number> {
  await sql`create table if not exists bench_limit (id bigserial primary key, at timestamptz not null)`.execute(db);
  const total = small ? 1_000 : 5_000;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next++ < total) {
        await db.transaction().execute((trx) => sql`insert into bench_limit (at) values (now())`.execute(trx));
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

/** Runs `work` while sampling the process's RSS; answers its result, its seconds, the RSS before and the peak, in MB. */
async function timed<T>(
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; beforeMb: number; peakMb: number }> {
  const beforeMb = rssMegabytes();
  let peakMb = beforeMb;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, rssMegabytes());
  }, 100);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { result, seconds, beforeMb, peakMb: Math.max(peakMb, rssMegabytes()) };
}

/** The heap still in use once garbage is collected (with --expose-gc, as `npm run bench` runs): growth or laziness. */
function heapAfterCollection(): string {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return 'run with --expose-gc to see the heap after collection';
  collect();
  return `after a collection: heap ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB, RSS ${rssMegabytes().toFixed(0)} MB`;
}

console.log(
  `Billfold renewal benchmark on Postgres: ${dueCount.toLocaleString('en-US')} due Team subscriptions with a card`,
);
reportLoad();
for (const [runners, tag] of [
  [1, '1'],
  [2, '2'],
] as const) {
  await dueWorkspaces(dueCount, tag);
  const limit = await singleInsertTransactionsPerSecond();
  const { result, seconds, beforeMb, peakMb } = await timed(() =>
    Promise.all(Array.from({ length: runners }, () => runDueRenewals(server.deps))),
  );
  const renewed = result.reduce((sum, r) => sum + r.renewed, 0);
  const label = `${runners} runner${runners > 1 ? 's at once' : ''}`;
  reportFigure({
    what: `renewals, ${label}`,
    value: renewed / seconds,
    unit: 'renewals/s',
    limit: { label: 'bare single-insert transactions, same pool, c=16', value: limit },
    target: { atLeast: 420 },
    note: `${renewed.toLocaleString('en-US')} of ${dueCount.toLocaleString('en-US')} in ${seconds.toFixed(1)} s (split ${result.map((r) => r.renewed).join(' + ')})`,
  });
  reportFigure({
    what: `peak RSS, ${label}`,
    value: peakMb,
    unit: 'MB',
    target: { atMost: 300 },
    note: `${beforeMb.toFixed(0)} MB before the run (the whole server, loaded through tsx): +${(peakMb - beforeMb).toFixed(0)} MB renewing; ${heapAfterCollection()}`,
  });
}

// What one server process holds while it renews: the built `billfold jobs run` (the code `npm start` and each worker
// run, without tsx or this bench's own data in its heap), in a process of its own, its RSS sampled from /proc.
await buildServer();
await dueWorkspaces(dueCount, '4');
// With the Node flags `npm start` gives its processes (serverNodeFlags: package.json's start script says the same).
const jobs = spawn(process.execPath, [...serverNodeFlags, join(distDir, 'cli.js'), 'jobs', 'run'], {
  env: {
    ...process.env,
    DATABASE_URL: server.databaseUrl,
    BILLFOLD_SECRET: benchSecret,
    BILLFOLD_LOG_LEVEL: 'silent',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let jobsOutput = '';
jobs.stdout.on('data', (chunk) => {
  jobsOutput += chunk;
});
let jobsPeakMb = 0;
const jobsStarted = performance.now();
const rssSampler = setInterval(() => {
  jobsPeakMb = Math.max(jobsPeakMb, residentMegabytesOf(jobs.pid));
}, 100);
const [jobsExit] = await once(jobs, 'exit');
clearInterval(rssSampler);
const jobsSeconds = (performance.now() - jobsStarted) / 1000;
console.log(jobsOutput.trim());
if (jobsExit !== 0) throw new Error(`billfold jobs run exited with ${jobsExit}: ${jobsOutput}`);
const jobsRenewed = Number(/Renewed (\d+)/.exec(jobsOutput)?.[1] ?? 0);
reportFigure({
  what: 'peak RSS, `billfold jobs run` (built, as npm start runs it)',
  value: jobsPeakMb,
  unit: 'MB',
  target: { atMost: 300 },
  note: `${jobsRenewed.toLocaleString('en-US')} renewed by one process in ${jobsSeconds.toFixed(1)} s with its other jobs (events published, emails), RSS sampled every 100 ms`,
});

/** A running process's resident set (VmRSS), in MB; 0 once it has gone. */
function residentMegabytesOf(pid: number | undefined): number {
  try {
    const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kilobytes ?? 0) / 1024;
  } catch {
    return 0;
  }
}

// The processor's rate limit binds: the same job, the gateway held to 25 charges/s.
await dueWorkspaces(limitedCount, '3');
// When each charge left for the processor (past the limiter), and when the sandbox stored it.
const sentAt: number[] = [];
const sandbox = server.deps.gateway;
const counted = {
  ...sandbox,
  charge: (request: Parameters<typeof sandbox.charge>[0]) => {
    sentAt.push(performance.now());
    return sandbox.charge(request);
  },
};
const limitedDeps = { ...server.deps, gateway: chargeRateLimited(counted, limitedRate) };
const limited = await timed(() => runDueRenewals(limitedDeps));
/** The most charges in any one-second window (starting at a charge). */
const busiestSecond = (times: readonly number[]) =>
  times.reduce((most, t, i) => Math.max(most, times.slice(i).filter((u) => u < t + 1000).length), 0);
const spanSeconds = sentAt.length > 1 ? ((sentAt.at(-1) ?? 0) - (sentAt[0] ?? 0)) / 1000 : 0;
const stored = await db
  .selectFrom('sandbox_charge')
  .select('created_at')
  .orderBy('created_at', 'desc')
  .limit(sentAt.length)
  .execute();
reportFigure({
  what: `charges sent, gateway limited to ${limitedRate}/s`,
  value: spanSeconds > 0 ? (sentAt.length - 1) / spanSeconds : 0,
  unit: 'charges/s',
  limit: { label: 'the configured rate limit', value: limitedRate },
  target: { ratioAtLeast: 0.95 },
  note: `${sentAt.length} charges over ${spanSeconds.toFixed(1)} s, at most ${busiestSecond(sentAt)} sent in any 1 s window (${busiestSecond(stored.map((r) => r.created_at.getTime()).reverse())} by the sandbox's timestamps); ${limited.result.renewed} renewals in ${limited.seconds.toFixed(1)} s`,
});

// The correctness check.
const expectedRenewals = 3 * dueCount + limitedCount;
const check = await sql<{
  renewed: number;
  paid: number;
  doubled_periods: number;
  doubled_charges: number;
  uncharged: number;
  pending: number;
  numbers: number;
  distinct_numbers: number;
  last_number: number;
  renewal_audits: number;
}>`select
    (select count(*) from subscription where period_index = 1)::int as renewed,
    (select count(*) from invoice where billing_reason = 'subscription_cycle' and status = 'paid')::int as paid,
    (select count(*) from (select 1 from invoice where subscription_id is not null
       group by subscription_id, period_start having count(*) > 1) d)::int as doubled_periods,
    (select count(*) from (select 1 from payment_attempt pa join sandbox_charge sc on sc.idempotency_key = pa.id
       group by pa.invoice_id having count(*) > 1) d)::int as doubled_charges,
    (select count(*) from invoice i where i.status <> 'draft' and not exists (select 1 from payment_attempt pa
       join sandbox_charge sc on sc.idempotency_key = pa.id where pa.invoice_id = i.id))::int as uncharged,
    (select count(*) from payment_attempt where status = 'pending')::int as pending,
    (select count(*) from invoice where number is not null)::int as numbers,
    (select count(distinct number) from invoice)::int as distinct_numbers,
    (select last_number from invoice_number_counter)::int as last_number,
    (select count(*) from audit_log where action = 'subscription.renewed')::int as renewal_audits`.execute(db);
const c = check.rows[0];
const credits = await verifyCredits(db);
const ok =
  c !== undefined &&
  c.renewed === expectedRenewals &&
  c.paid === expectedRenewals &&
  c.renewal_audits === expectedRenewals &&
  c.doubled_periods === 0 &&
  c.doubled_charges === 0 &&
  c.uncharged === 0 &&
  c.pending === 0 &&
  c.numbers === c.distinct_numbers &&
  c.numbers === c.last_number &&
  credits.mismatches.length === 0;
console.log(
  `renewed ${c?.renewed} of ${expectedRenewals} (paid ${c?.paid}, audited ${c?.renewal_audits}); periods invoiced twice ${c?.doubled_periods}; invoices charged twice ${c?.doubled_charges}, never ${c?.uncharged}; pending ${c?.pending}; numbers ${c?.numbers} distinct ${c?.distinct_numbers} counter ${c?.last_number}; credit wallets checked ${credits.walletsChecked}, mismatches ${credits.mismatches.length}`,
);
reportVerdict({
  ok,
  what: 'one invoice per subscription per period, one charge per invoice, gap-less numbers, billfold verify',
});
await server.stop();
