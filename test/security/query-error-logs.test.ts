// A query that fails is logged without the values it carried (legal names, emails, addresses): not as the
// error's parameters, nor echoed in the database's message or detail. On PGlite and on Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBillfold, type TestBillfold } from '../support/test-billfold.ts';

const logLines: string[] = [];
let billfold: TestBillfold;

const secretName = 'Secret Legal Name 7731 GmbH';
const secretEmail = 'secret-7731@customer.example';
const secretWorkspace = 'ws_secret_workspace_7731';
const secretNumber = 'secret-amount-7731';

beforeAll(async () => {
  billfold = await startTestBillfold(
    { BILLFOLD_LOG_LEVEL: 'info' },
    { logDestination: { write: (line: string) => void logLines.push(line) } },
  );
  const { db } = billfold.deps;
  // Two requests whose query fails inside the app, as a bug in a route would: the app's own error handling logs them.
  billfold.app.post('/test/failing-insert', async () => {
    await db
      .insertInto('billing_details')
      .values({
        workspace_id: secretWorkspace,
        legal_name: secretName,
        email: secretEmail,
        address_line1: '1 Secret Street 7731',
        address_line2: null,
        city: 'Secretville',
        postal_code: '7731',
        region: null,
        country: 'DE',
        tax_id: 'DE7731',
        updated_at: new Date(),
      })
      .execute();
    return {};
  });
  billfold.app.post('/test/failing-select', async () => {
    await db
      .selectFrom('invoice')
      .select('id')
      .where('total', '=', secretNumber as unknown as number)
      .execute();
    return {};
  });
});
afterAll(() => billfold.close());

describe('a failing query in the log', () => {
  it.each([
    ['a constraint violation', '/test/failing-insert', '23503'],
    ['a value the column type refuses', '/test/failing-select', '22P02'],
  ])('%s is logged with its code but none of its values', async (_what, url, sqlState) => {
    logLines.length = 0;
    const response = await billfold.app.inject({ method: 'POST', url });
    expect(response.statusCode).toBe(500);
    const logs = logLines.join('');
    // The failure is logged (so the check below is not vacuous), with what an operator needs to find it.
    expect(logs).toContain('unhandled error');
    expect(logs).toContain(sqlState);
    for (const secret of [secretName, secretEmail, secretWorkspace, secretNumber, 'Secretville', '1 Secret Street']) {
      expect(logs).not.toContain(secret);
      expect(response.body).not.toContain(secret);
    }
  });
});
