// Benchmark: the invoice list at scale. Fills the invoice table set-based (generate_series) with 5,000,000
// invoices, of which 1,000,000 belong to a workspace whose invoices are all the oldest and 1,000,000 to one whose
// invoices are spread among the newest; then times the first, a middle and the last page of each, as the list's
// query (listIssuedInvoices: the page, its lines, its payments) and as one HTTP request, beside a bare
// primary-key select of the same run; ends by walking every page and checking each invoice comes once, in order.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/invoice-list.ts
// (BENCH_SIZE=small: 50,000 invoices, CI's smoke check.)
import { CompiledQuery, sql } from 'kysely';
import { listIssuedInvoices } from '../src/billing/invoices/invoice-views.queries.ts';
import { listedInvoicesNewestFirst } from '../src/billing/invoices/listed-invoices.queries.ts';
import type { PageRequest } from '../src/db/keyset-page.ts';
import { createWorkspaces, startBenchServer } from './support/bench-server.ts';
import { reportFigure, reportVerdict } from './support/report.ts';

const small = process.env.BENCH_SIZE === 'small';
const totalInvoices = small ? 50_000 : 5_000_000;
const otherWorkspaceCount = small ? 10 : 100;
const samples = small ? 100 : 500;
const httpSamples = small ? 50 : 200;
const pageSize = 20;
const targetMs = 10;

const server = await startBenchServer();
let correct = false;
try {
  const db = server.db;
  const slugs = await createWorkspaces(server, otherWorkspaceCount + 2);
  const [oldestSlug, spreadSlug] = slugs as [string, string];
  const workspaceIds = (
    await db.selectFrom('organization').select(['id', 'slug']).where('slug', 'in', slugs).execute()
  ).sort((a, b) => slugs.indexOf(a.slug) - slugs.indexOf(b.slug));
  const [oldest, spread, ...others] = workspaceIds.map((w) => w.id) as [string, string, ...string[]];

  // Invoice i (1…total) gets an id that sorts by i, as TypeIDs sort by creation time. The first fifth belongs to the
  // oldest workspace; of the rest, every fourth to the spread workspace, the others round-robin to the other
  // workspaces. About 1% are drafts (never listed), 5% void, 10% open, the rest paid; each has one line.
  console.log(`filling ${totalInvoices.toLocaleString('en-US')} invoices (${otherWorkspaceCount + 2} workspaces)…`);
  const fillStarted = performance.now();
  const chunk = Math.min(totalInvoices, 500_000);
  for (let from = 1; from <= totalInvoices; from += chunk) {
    const to = Math.min(totalInvoices, from + chunk - 1);
    await db.connection().execute(async (connection) => {
      await sql`set synchronous_commit = off`.execute(connection);
      // Triggers off while filling: lines may not be added to a finalized invoice, and FK checks would only slow it.
      await sql`set session_replication_role = replica`.execute(connection);
      await sql`
        insert into invoice (id, workspace_id, number, status, currency, subtotal, tax, total, payment_method,
          hosted_token, created_at, issued_at, paid_at, voided_at, period_start, period_end)
        select 'inv_' || lpad(i::text, 26, '0'),
          case when i <= ${totalInvoices / 5} then ${oldest}
               when i % 4 = 0 then ${spread}
               else (${sql.val(others)}::text[])[1 + i % ${others.length}] end,
          case when s = 'draft' then null else 'BF-' || lpad(i::text, 9, '0') end,
          s, 'usd', 4900, 0, 4900,
          case when s = 'paid' then '{"brand":"visa","last4":"4242"}'::jsonb end,
          'ht_' || i, at, case when s <> 'draft' then at end, case when s = 'paid' then at end,
          case when s = 'void' then at end, at, at + interval '1 month'
        from (
          select i, timestamptz '2020-01-01' + i * interval '10 seconds' as at,
            case when i % 100 = 7 then 'draft' when i % 20 = 3 then 'void' when i % 10 = 1 then 'open'
                 else 'paid' end as s
          from generate_series(${from}::int, ${to}::int) as i
        ) as invoices`.execute(connection);
      await sql`
        insert into invoice_line (invoice_id, position, description, quantity, unit_amount, amount, period_start,
          period_end, proration)
        select 'inv_' || lpad(i::text, 26, '0'), 0, 'Team (monthly) — per seat', 1, 4900, 4900,
          timestamptz '2020-01-01' + i * interval '10 seconds',
          timestamptz '2020-01-01' + i * interval '10 seconds' + interval '1 month', false
        from generate_series(${from}::int, ${to}::int) as i`.execute(connection);
    });
  }
  await sql`vacuum analyze invoice`.execute(db);
  await sql`vacuum analyze invoice_line`.execute(db);
  // Write the fill's dirty pages out now, so the checkpointer is not flushing them while the pages are timed.
  await sql`checkpoint`.execute(db);
  console.log(`filled in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s`);

  /** The workspace's listed (not draft) invoice ids, newest first, as the list must walk them. */
  async function listedIds(workspaceId: string): Promise<string[]> {
    const rows = await sql<{ id: string }>`select id from invoice
      where workspace_id = ${workspaceId} and status <> 'draft' order by id desc`.execute(db);
    return rows.rows.map((row) => row.id);
  }

  function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  }

  async function timed(count: number, run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
    for (let i = 0; i < Math.min(20, count); i++) await run();
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await run();
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  }

  const bare = await timed(samples * 2, () =>
    sql`select * from invoice where id = ${'inv_'.concat(String(1 + Math.floor(Math.random() * totalInvoices)).padStart(26, '0'))}`.execute(
      db,
    ),
  );
  console.log(`limit: a bare select by primary key, p50 ${bare.p50.toFixed(2)} ms, p99 ${bare.p99.toFixed(2)} ms`);

  const workspaces = [
    { label: 'oldest', id: oldest, slug: oldestSlug },
    { label: 'spread', id: spread, slug: spreadSlug },
  ];
  const walks = new Map<string, string[]>();
  for (const workspace of workspaces) {
    const ids = await listedIds(workspace.id);
    walks.set(workspace.id, ids);
    const shapes: { name: string; page: PageRequest }[] = [
      { name: 'first page', page: { limit: pageSize } },
      { name: 'middle page', page: { limit: pageSize, startingAfter: ids[Math.floor(ids.length / 2)] } },
      { name: 'last page', page: { limit: pageSize, startingAfter: ids[ids.length - 1 - Math.floor(pageSize / 2)] } },
    ];
    console.log(`\n${workspace.label} workspace: ${ids.length.toLocaleString('en-US')} listed invoices`);
    for (const { name, page } of shapes) {
      const compiled = listedInvoicesNewestFirst(db, workspace.id, page.startingAfter)
        .selectAll()
        .limit(pageSize + 1)
        .compile();
      const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain (analyze, buffers, costs off) ${compiled.sql}`, [...compiled.parameters]),
      );
      console.log(plan.rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n'));
      const query = await timed(samples, () => listIssuedInvoices(db, server.baseUrl, workspace.id, page));
      for (const [p, value] of [
        ['p50', query.p50],
        ['p99', query.p99],
      ] as const) {
        reportFigure({
          what: `list ${name}, ${workspace.label} workspace, ${p}`,
          value,
          unit: 'ms',
          limit: { label: `bare select by id, ${p}`, value: p === 'p50' ? bare.p50 : bare.p99 },
          target: { atMost: targetMs },
        });
      }
      const cursor = page.startingAfter ? `&startingAfter=${page.startingAfter}` : '';
      const http = await timed(httpSamples, async () => {
        const response = await server.get(`/v1/workspaces/${workspace.slug}/invoices?limit=${pageSize}${cursor}`);
        if (!response.ok) throw new Error(`GET invoices answered ${response.status}`);
        await response.arrayBuffer();
      });
      reportFigure({
        what: `GET …/invoices ${name}, ${workspace.label}, p99`,
        value: http.p99,
        unit: 'ms',
        limit: { label: 'the query alone, p99', value: query.p99 },
        note: `p50 ${http.p50.toFixed(2)} ms (session cookie, one request at a time)`,
      });
    }
  }

  // Correctness: walking the pages from the first to the end yields every listed invoice once, newest first.
  const walkLimit = 100;
  correct = true;
  const walkStarted = performance.now();
  for (const workspace of workspaces) {
    const expected = walks.get(workspace.id) ?? [];
    const seen: string[] = [];
    let startingAfter: string | undefined;
    for (;;) {
      const page = await listIssuedInvoices(db, server.baseUrl, workspace.id, { limit: walkLimit, startingAfter });
      for (const invoice of page.data) seen.push(invoice.id);
      if (!page.hasMore) break;
      startingAfter = page.data.at(-1)?.id;
    }
    const same = seen.length === expected.length && seen.every((id, index) => id === expected[index]);
    console.log(
      `walk of the ${workspace.label} workspace: ${seen.length.toLocaleString('en-US')} invoices in ${Math.ceil(seen.length / walkLimit)} pages → ${same ? 'each once, in order' : 'MISMATCH'}`,
    );
    correct &&= same && seen.length > 0;
  }
  console.log(`walks took ${((performance.now() - walkStarted) / 1000).toFixed(0)} s`);
} finally {
  if (process.env.BENCH_KEEP_TMP) console.log('KEPT');
  else await server.stop();
}
reportVerdict({ ok: correct, what: 'every page walk yields each listed invoice once, newest first' });
