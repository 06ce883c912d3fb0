// Copies one real workspace — created, carded and subscribed through the HTTP API, so it holds exactly what those
// requests write — `count` times in set-based SQL (one INSERT … SELECT per table and chunk): every row of every table
// that belongs to it, with its ids, slug, hosted-page token and invoice number made unique in each copy (also inside
// the events' and audit entries' JSON), and every timestamp moved back by `shift` (e.g. a month, so the copies'
// periods have just ended). A benchmark that needs 100,000 subscribed workspaces gets them in seconds.
import { type RawBuilder, sql } from 'kysely';
import type { BillfoldDb } from '../../src/db/connection.ts';

/** The tables a workspace's rows live in, in an order that satisfies their foreign keys, and how to find its rows. */
const workspaceTables: { table: string; rowsOf: string }[] = [
  { table: 'organization', rowsOf: `id = :ws` },
  { table: 'member', rowsOf: `"organizationId" = :ws` },
  {
    table: 'sandbox_token',
    rowsOf: `id in (select c.token_id from sandbox_card c join payment_method p on p.gateway_ref = c.id where p.workspace_id = :ws)`,
  },
  { table: 'sandbox_card', rowsOf: `id in (select gateway_ref from payment_method where workspace_id = :ws)` },
  { table: 'payment_method', rowsOf: `workspace_id = :ws` },
  { table: 'workspace_billing', rowsOf: `workspace_id = :ws` },
  { table: 'subscription', rowsOf: `workspace_id = :ws` },
  { table: 'invoice', rowsOf: `workspace_id = :ws` },
  { table: 'invoice_line', rowsOf: `invoice_id in (select id from invoice where workspace_id = :ws)` },
  { table: 'subscription_change', rowsOf: `workspace_id = :ws` },
  { table: 'payment_attempt', rowsOf: `workspace_id = :ws` },
  { table: 'sandbox_charge', rowsOf: `idempotency_key in (select id from payment_attempt where workspace_id = :ws)` },
  { table: 'outbox_event', rowsOf: `workspace_id = :ws` },
  { table: 'audit_log', rowsOf: `workspace_id = :ws` },
  { table: 'card_attempt_counter', rowsOf: `subject = 'workspace:' || :ws` },
];

export interface CloneOptions {
  /** One character that tells this set of copies from other sets (their ids and slugs carry it). */
  tag: string;
  /** How far back every timestamp of the copies moves, as a Postgres interval ("1 month"). */
  shift: string;
  /** Copies made per statement. */
  chunk?: number;
}

/** Copies the workspace `count` times. */
export async function cloneWorkspace(
  db: BillfoldDb,
  workspaceId: string,
  count: number,
  options: CloneOptions,
): Promise<void> {
  const where = (rowsOf: string) => sql.raw(rowsOf.replaceAll(':ws', `'${workspaceId.replaceAll("'", "''")}'`));
  // Every value that must differ per copy: ids (of the rows above), the slug and name, hosted tokens, numbers.
  const ids = new Set<string>();
  const tokens: string[] = [];
  const numbers: string[] = [];
  const templateRows = new Map<string, Record<string, unknown>[]>();
  for (const { table, rowsOf } of workspaceTables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${where(rowsOf)}`.execute(
      db,
    );
    templateRows.set(table, rows.rows);
    for (const row of rows.rows) {
      if (typeof row.id === 'string') ids.add(row.id);
      if (table === 'invoice' && typeof row.hosted_token === 'string') tokens.push(row.hosted_token);
      if (table === 'invoice' && typeof row.number === 'string') numbers.push(row.number);
    }
  }
  const organization = await db
    .selectFrom('organization')
    .select(['slug', 'name'])
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const prefixOf = (number: string) => number.slice(0, number.lastIndexOf('-'));
  const counter = numbers[0] ? prefixOf(numbers[0]) : null;
  const first = counter
    ? Number(
        (
          await sql<{
            last: number;
          }>`select last_number as last from invoice_number_counter where prefix = ${counter}`.execute(db)
        ).rows[0]?.last ?? 0,
      )
    : 0;
  const tag = options.tag;
  const copyNo = (n: RawBuilder<unknown>) => sql`lpad((${n})::text, 6, '0')`;
  /** The replacements a copy applies to every text and JSON value, longest first (an id inside a URL, say). */
  const replacements = (n: RawBuilder<unknown>): [string, RawBuilder<unknown>][] => [
    ...[...ids].map((id): [string, RawBuilder<unknown>] => [
      id,
      sql`${sql.lit(id.slice(0, -7))} || ${tag} || ${copyNo(n)}`,
    ]),
    ...tokens.map((token): [string, RawBuilder<unknown>] => [
      token,
      sql`${sql.lit(token.slice(0, -7))} || ${tag} || ${copyNo(n)}`,
    ]),
    ...numbers.map((number, i): [string, RawBuilder<unknown>] => [
      number,
      // Gap-less: the copies' invoices take the numbers after the counter, which is moved past them below.
      sql`${sql.lit(`${prefixOf(number)}-`)} || to_char(${first} + (${n} - 1) * ${numbers.length} + ${i + 1}, 'FM000000')`,
    ]),
    [organization.slug, sql`${sql.lit(`${organization.slug}-`)} || ${tag} || ${copyNo(n)}`],
    [organization.name, sql`${sql.lit(`${organization.name} `)} || ${tag} || ${copyNo(n)}`],
  ];
  const replaced = (value: RawBuilder<unknown>, n: RawBuilder<unknown>) =>
    replacements(n).reduce<RawBuilder<unknown>>(
      (text, [from, to]) => sql`replace(${text}, ${sql.lit(from)}, ${to})`,
      value,
    );
  const replacedValues = [...ids, ...tokens, ...numbers, organization.slug, organization.name];
  /** Whether the template's values in this column hold anything a copy changes (else they are copied as they are). */
  const holdsReplaced = (table: string, column: string) =>
    (templateRows.get(table) ?? []).some((row) => {
      const value = row[column];
      const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
      return replacedValues.some((from) => text.includes(from));
    });

  const chunk = options.chunk ?? 20_000;
  const n = sql.raw('n');
  for (const { table, rowsOf } of workspaceTables) {
    const columns = await sql<{ column_name: string; data_type: string }>`select column_name, data_type
      from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(
      db,
    );
    const names = columns.rows.map((c) => sql.ref(c.column_name));
    const values = columns.rows.map(({ column_name, data_type }) => {
      const column = sql.ref(`t.${column_name}`);
      if (data_type === 'text' && holdsReplaced(table, column_name)) return replaced(sql`${column}`, n);
      if (data_type === 'jsonb' && holdsReplaced(table, column_name)) {
        return sql`(${replaced(sql`${column}::text`, n)})::jsonb`;
      }
      if (data_type.startsWith('timestamp')) return sql`${column} - ${sql.lit(options.shift)}::interval`;
      return column;
    });
    // A finalized invoice's lines refuse inserts; the copies' lines are what the copied invoice had when it was a draft.
    if (table === 'invoice_line') await sql`alter table invoice_line disable trigger user`.execute(db);
    for (let from = 1; from <= count; from += chunk) {
      const to = Math.min(count, from + chunk - 1);
      await sql`insert into ${sql.table(table)} (${sql.join(names)})
        select ${sql.join(values)} from ${sql.table(table)} as t, generate_series(${from}::int, ${to}::int) as n
        where ${where(rowsOf)}`.execute(db);
    }
    if (table === 'invoice_line') await sql`alter table invoice_line enable trigger user`.execute(db);
  }
  if (counter) {
    await sql`update invoice_number_counter set last_number = last_number + ${count * numbers.length}
      where prefix = ${counter}`.execute(db);
  }
}
