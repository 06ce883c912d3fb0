// Card numbers and CVCs never reach Billfold's tables or logs: after a full flow (cards typed, saved,
// declined, charged, invoices paid and downloaded) no table row and no log line holds a full card number.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, draftInvoice, payInvoiceAs, testCards } from '../support/billing-fixtures.ts';
import { call, createWorkspaceAs, signUp, startTestBillfold, type TestBillfold } from '../support/test-billfold.ts';

const logLines: string[] = [];
let billfold: TestBillfold;

beforeAll(async () => {
  billfold = await startTestBillfold(
    { BILLFOLD_LOG_LEVEL: 'trace' },
    { logDestination: { write: (line: string) => void logLines.push(line) } },
  );
});
afterAll(async () => billfold.close());

/** Every row of every table in the schema, as text: what a database dump would hold. */
async function dumpEveryTable(): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(billfold.deps.db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql`select * from ${sql.table(table_name)}`.execute(billfold.deps.db);
    parts.push(`${table_name}: ${JSON.stringify(rows.rows)}`);
  }
  return parts.join('\n');
}

describe('card data', () => {
  it('no full card number is stored or logged after a full flow', async () => {
    const owner = await signUp(billfold, 'owner');
    const workspace = await createWorkspaceAs(billfold, owner);
    for (const number of Object.values(testCards)) await addCard(billfold, owner, workspace.id, number);
    // A mistyped card and an expired one, rejected at the tokenization endpoint.
    await billfold.app.inject({
      method: 'POST',
      url: '/sandbox/v1/tokens',
      payload: { number: '4242424242424241', expMonth: 1, expYear: 2040, cvc: '123' },
    });
    await billfold.app.inject({
      method: 'POST',
      url: '/sandbox/v1/tokens',
      payload: { number: '4242424242424242', expMonth: 1, expYear: 2001, cvc: '123' },
    });
    const invoiceId = await draftInvoice(billfold, workspace.id);
    expect((await payInvoiceAs(billfold, owner, workspace.id, invoiceId)).statusCode).toBe(200);
    await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${invoiceId}/pdf`, { as: owner });

    const dump = await dumpEveryTable();
    const logs = logLines.join('');
    // The flow did happen and was logged: the check below is not vacuous.
    expect(dump).toContain('"last4":"4242"');
    expect(logs).toContain('/sandbox/v1/tokens');
    for (const number of [...Object.values(testCards), '4242424242424241']) {
      const digits = number.replaceAll(' ', '');
      for (const haystack of [dump, logs]) {
        expect(haystack).not.toContain(digits);
        expect(haystack).not.toContain(number);
        // Nothing beyond the last four digits: not even the first twelve.
        expect(haystack).not.toContain(digits.slice(0, 12));
      }
    }
  });
});
