// Each layer rule on synthetic files: quiet on an allowed import, failing, naming the import, once a forbidden one
// is added; and the reader finds every kind of import statement and every kind of SQL.
import { describe, expect, it } from 'vitest';
import {
  capabilityCycles,
  capabilityCycleViolations,
  capabilityGraph,
  databaseReachViolations,
  domainPurityViolations,
  factsOf,
  gatewayViolations,
  type SourceFacts,
  sqlPlacementViolations,
} from './import-graph.ts';

/** A synthetic tree: each file with the relative specifiers it imports. */
function tree(files: Record<string, string[]>, typeOnly = false): SourceFacts[] {
  return Object.entries(files).map(([file, specifiers]) =>
    factsOf(file, specifiers.map((s) => `import ${typeOnly ? 'type ' : ''}{ x } from '${s}';`).join('\n')),
  );
}

const withSql = (file: string, body: string): SourceFacts => factsOf(file, body);

describe('reading a file', () => {
  it('finds value, type-only, side-effect and re-export imports, resolved from the repository root', () => {
    const facts = factsOf(
      'src/http/routes/plans.ts',
      [
        "import { z } from 'zod';",
        "import type { BillfoldDb } from '../../db/connection.ts';",
        "import { type Plan, type Tier } from '../../domain/plans/plan.ts';",
        "import '../app.ts';",
        "export { listPlans } from '../../billing/plans/catalog.ts';",
        "export type * from '../schemas.ts';",
        'import {',
        '  a,',
        '  b,',
        "} from './multi-line.ts';",
        "// import { ghost } from '../../db/ghost.ts';",
      ].join('\n'),
    );
    expect(facts.imports.map(({ to, typeOnly, line }) => [to, typeOnly, line])).toEqual([
      ['zod', false, 1],
      ['src/db/connection.ts', true, 2],
      ['src/domain/plans/plan.ts', true, 3],
      ['src/http/app.ts', false, 4],
      ['src/billing/plans/catalog.ts', false, 5],
      ['src/http/schemas.ts', true, 6],
      ['src/http/routes/multi-line.ts', false, 7],
    ]);
  });

  it('finds query-builder calls and sql tags, not their names in comments or text', () => {
    const facts = factsOf(
      'src/billing/x/y.ts',
      [
        "const rows = await db.selectFrom('invoice').selectAll().execute();",
        'await trx',
        "  .updateTable('invoice')",
        '  .set({ a: 1 }).execute();',
        "await db.insertInto('a').values({}).execute();",
        "await db.deleteFrom('a').execute();",
        'const n = sql<{ n: number }>`select 1`;',
        'const m = sql`select 2`;',
        '// db.selectFrom( in a comment',
        "const text = 'db.insertInto(';",
      ].join('\n'),
    );
    expect(facts.sql.map(({ what, line }) => [what, line])).toEqual([
      ['.selectFrom(', 1],
      ['.updateTable(', 3],
      ['.insertInto(', 5],
      ['.deleteFrom(', 6],
      ['sql`', 7],
      ['sql`', 8],
    ]);
  });
});

describe('(a) capability folders form a one-way graph', () => {
  const oneWay = {
    'src/billing/subscriptions/renew.ts': ['../payments/pay-invoice.ts', '../invoices/finalize.ts', './quote.ts'],
    'src/billing/payments/pay-invoice.ts': ['../invoices/finalize.ts', '../deps.ts'],
    'src/billing/invoices/finalize.ts': ['../../domain/money/money.ts'],
    // The top may import any folder, and any folder the top.
    'src/billing/invoice-settlements.ts': ['./subscriptions/renew.ts', './payments/pay-invoice.ts'],
    'src/billing/deps.ts': ['./payments/settle-invoice.ts'],
  };

  it('passes a one-way graph', () => {
    expect(capabilityCycleViolations(tree(oneWay))).toEqual([]);
  });

  it('fails once payments imports subscriptions back, naming each import of the cycle', () => {
    const withBackEdge = tree({ ...oneWay, 'src/billing/payments/settle.ts': ['../subscriptions/renew.ts'] });
    const found = capabilityCycleViolations(withBackEdge);
    expect(found.map((v) => v.message)).toEqual([
      'src/billing/payments/settle.ts:1 imports src/billing/subscriptions/renew.ts (cycle payments ⇄ subscriptions)',
      'src/billing/subscriptions/renew.ts:1 imports src/billing/payments/pay-invoice.ts (cycle payments ⇄ subscriptions)',
    ]);
    expect(found.every((v) => v.rule === 'capability-cycle')).toBe(true);
  });

  it('fails on a longer cycle, and on a type-only import closing it', () => {
    const threeWay = tree(
      {
        'src/billing/a/one.ts': ['../b/two.ts'],
        'src/billing/b/two.ts': ['../c/three.ts'],
        'src/billing/c/three.ts': ['../a/one.ts'],
        'src/billing/d/four.ts': ['../a/one.ts'],
      },
      true,
    );
    expect(capabilityCycles(capabilityGraph(threeWay))).toEqual([['a', 'b', 'c']]);
    expect(capabilityCycleViolations(threeWay)).toHaveLength(3);
  });

  it('counts a nested folder as its capability', () => {
    const nested = tree({
      'src/billing/invoices/documents/pdf.ts': ['../../payments/charge.ts'],
      'src/billing/payments/charge.ts': ['../invoices/invoice-view.ts'],
    });
    expect(capabilityCycles(capabilityGraph(nested))).toEqual([['invoices', 'payments']]);
  });
});

describe('(b) src/domain is pure', () => {
  it('passes imports within src/domain and of packages', () => {
    const pure = tree({ 'src/domain/invoices/totals.ts': ['../money/money.ts', 'temporal-polyfill'] });
    expect(domainPurityViolations(pure)).toEqual([]);
  });

  it.each([
    ['src/billing', '../../billing/deps.ts'],
    ['src/db, as a type', '../../db/tables.ts'],
    ['src/config.ts', '../../config.ts'],
  ])('fails on an import of %s', (_what, specifier) => {
    const found = domainPurityViolations(tree({ 'src/domain/invoices/totals.ts': ['../money/money.ts', specifier] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'domain-is-pure', file: 'src/domain/invoices/totals.ts', line: 2 });
  });
});

describe('(c) http and jobs reach data only through billing', () => {
  it('passes imports of billing, including its queries files', () => {
    const allowed = tree({
      'src/http/app.ts': ['../billing/health/database-health.queries.ts'],
      'src/jobs/run-due-renewals.ts': ['../billing/subscriptions/renew-subscription.ts'],
    });
    expect(databaseReachViolations(allowed)).toEqual([]);
  });

  it.each([
    ['src/http/routes/invoices.ts', '../../db/keyset-page.ts', false],
    ['src/http/app.ts', '../db/connection.ts', true],
    ['src/jobs/periodic-jobs.ts', '../db/transaction.ts', false],
    ['src/jobs/purge.ts', '../db/tables.ts', true],
  ])('fails on %s importing %s (type-only: %s)', (file, specifier, typeOnly) => {
    const found = databaseReachViolations(tree({ [file]: [specifier] }, typeOnly));
    expect(found.map((v) => v.rule)).toEqual(['http-and-jobs-skip-db']);
  });
});

describe('(d) gateways and http stay apart', () => {
  it('passes billing importing a gateway', () => {
    expect(gatewayViolations(tree({ 'src/billing/payments/pay.ts': ['../../gateways/payment-gateway.ts'] }))).toEqual(
      [],
    );
  });

  it('fails on a gateway importing billing, and on http importing a gateway', () => {
    const found = gatewayViolations(
      tree({
        'src/gateways/sandbox/sandbox-gateway.ts': ['../../billing/payments/charge-outcome.ts'],
        'src/http/routes/sandbox.ts': ['../../gateways/sandbox/test-cards.ts'],
      }),
    );
    expect(found.map((v) => v.file)).toEqual(['src/gateways/sandbox/sandbox-gateway.ts', 'src/http/routes/sandbox.ts']);
  });
});

describe('(e) SQL lives in src/db and *.queries.ts', () => {
  const query = "export const q = (db) => db.selectFrom('invoice').selectAll().execute();";

  it('passes SQL in src/db and in a queries file, and a use case without SQL', () => {
    const allowed = [
      withSql('src/db/keyset-page.ts', query),
      withSql('src/billing/invoices/invoices.queries.ts', 'const a = sql`select 1`;'),
      withSql('src/billing/invoices/get-invoice.ts', "import { q } from './invoices.queries.ts';"),
      withSql('src/gateways/sandbox/sandbox-gateway.ts', query),
    ];
    expect(sqlPlacementViolations(allowed)).toEqual([]);
  });

  it.each([
    'src/billing/invoices/get-invoice.ts',
    'src/http/routes/invoices.ts',
    'src/jobs/purge-idempotency-records.ts',
    'src/cli.ts',
    'src/seed/demo-billing.ts',
  ])('fails on SQL in %s', (file) => {
    const found = sqlPlacementViolations([withSql(file, `import x from 'y';\n${query}`)]);
    expect(found).toEqual([
      {
        rule: 'sql-only-in-queries',
        file,
        line: 2,
        message: `${file}:2 holds .selectFrom( (SQL lives in src/db and *.queries.ts files)`,
      },
    ]);
  });
});
