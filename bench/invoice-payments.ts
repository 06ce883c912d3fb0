// Benchmark: issuing and paying invoices over real HTTP on Postgres. Every finalization takes the next number
// from one counter row (numbers are gap-less), so this measures how far that shared row limits throughput,
// spread over many workspaces and on one; at the end it checks the numbers came out gap-less.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:invoices
import { sql } from 'kysely';
import { createWorkspaces, measure, startBenchServer } from './support/bench-server.ts';

const server = await startBenchServer();
const workspaceCount = 200;
const slugs = await createWorkspaces(server, workspaceCount);
for (const slug of slugs) {
  const token = await (
    await server.post('/sandbox/v1/tokens', { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' })
  ).json();
  await server.post(`/v1/workspaces/${slug}/payment-methods`, { token: token.id });
}

const line = { lines: [{ description: 'Bench workshop', quantity: 1, unitAmount: 1000 }] };
async function issueAndPay(slug: string): Promise<boolean> {
  const issued = await server.post(`/v1/workspaces/${slug}/invoices`, line);
  if (issued.status !== 201) return false;
  const paid = await server.post(`/v1/workspaces/${slug}/invoices/${(await issued.json()).id}/pay`);
  return paid.status === 200 && (await paid.json()).status === 'paid';
}

console.log(`Billfold invoice benchmark on Postgres, ${workspaceCount} workspaces with a card, over HTTP on 127.0.0.1`);
console.log('(one operation = issue a one-off invoice, then pay it: 2 requests, 3 transactions, 1 gateway charge)');
for (const concurrency of [1, 16, 64]) {
  await measure(`issue + pay (spread, ${workspaceCount} workspaces)`, 1000, concurrency, (i) =>
    issueAndPay(slugs[i % workspaceCount] ?? ''),
  );
}
for (const concurrency of [1, 16, 64]) {
  await measure('issue + pay (one workspace)', 500, concurrency, () => issueAndPay(slugs[0] ?? ''));
}

const numbers = await sql<{ count: number; max: number; distinct: number }>`
  select count(*)::int as count, max(substring(number from 4)::int) as max, count(distinct number)::int as distinct
  from invoice where number is not null`.execute(server.db);
const { count, max, distinct } = numbers.rows[0] ?? { count: 0, max: 0, distinct: 0 };
console.log(
  `invoice numbers: ${count} issued, highest ${max}, ${distinct} distinct → ${count === max && distinct === count ? 'gap-less' : 'GAPS OR REPEATS'}`,
);

await server.stop();
