// Benchmark: the renewal job on Postgres. Subscribes 1,000 workspaces to Team, moves their periods a month
// into the past, then renews them with one job runner, and again with two runners at once (what two server
// processes do: FOR UPDATE SKIP LOCKED shares the work); each renewal is one claiming transaction, one card
// charge and one outcome transaction. At the end it checks every subscription was charged exactly once per
// renewal. Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:renewals
import { sql } from 'kysely';
import { runDueRenewals } from '../src/jobs/run-due-renewals.ts';
import { createWorkspaces, startBenchServer } from './support/bench-server.ts';

const server = await startBenchServer();
const workspaceCount = 1000;
const slugs = await createWorkspaces(server, workspaceCount);
for (const slug of slugs) {
  const token = await (
    await server.post('/sandbox/v1/tokens', { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' })
  ).json();
  await server.post(`/v1/workspaces/${slug}/payment-methods`, { token: token.id });
  const subscribed = await server.post(`/v1/workspaces/${slug}/subscription`, { plan: 'team', seats: 2 });
  if (subscribed.status !== 200) throw new Error(`subscribe failed: ${subscribed.status} ${await subscribed.text()}`);
}

/** Moves `count` not yet renewed subscriptions' whole history a month back, so their period has just ended. */
async function makeDue(count: number): Promise<void> {
  await sql`update subscription set anchor = anchor - interval '1 month',
      current_period_start = current_period_start - interval '1 month',
      current_period_end = current_period_end - interval '1 month'
    where id in (select id from subscription where period_index = 0 and current_period_end > now() order by id limit ${count})`.execute(
    server.db,
  );
}

console.log(`Billfold renewal benchmark on Postgres: ${workspaceCount} Team subscriptions with a card`);
for (const runners of [1, 2]) {
  const count = workspaceCount / 2;
  await makeDue(count);
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: runners }, () => runDueRenewals(server.deps)));
  const seconds = (performance.now() - started) / 1000;
  const renewed = results.reduce((sum, r) => sum + r.renewed, 0);
  console.log(
    `${String(runners)} job runner${runners > 1 ? 's' : ' '} at once: renewed ${renewed} of ${count} in ${seconds.toFixed(2)} s → ${(renewed / seconds).toFixed(0)} renewals/s (split ${results.map((r) => r.renewed).join(' + ')})`,
  );
}

const charges = await sql<{ workspaces: number; charges: number; per_workspace_max: number }>`
  select count(distinct pa.workspace_id)::int as workspaces, count(*)::int as charges,
    max(n)::int as per_workspace_max
  from sandbox_charge sc join payment_attempt pa on pa.id = sc.idempotency_key
  join (select workspace_id, count(*) as n from payment_attempt group by workspace_id) c on c.workspace_id = pa.workspace_id`.execute(
  server.db,
);
const row = charges.rows[0];
console.log(
  `charges: ${row?.charges} for ${row?.workspaces} workspaces, at most ${row?.per_workspace_max} per workspace (subscribe + one renewal expected) → ${
    row?.charges === 2 * workspaceCount && row?.per_workspace_max === 2
      ? 'each renewed once'
      : 'DOUBLE OR MISSING RENEWALS'
  }`,
);
await server.stop();
