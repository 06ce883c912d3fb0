// The credit ledger as CSV: every row of the workspace (past one read page), newest first, a header, RFC 4180
// quoting, text a spreadsheet would run as a formula neutralized, the purchase's invoice; billing viewers only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import {
  addMember,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => {
  await billfold.close();
});

async function flexWorkspaceWithCredits() {
  const ws = (await createWorkspaceAs(billfold, owner, 'Ledger Co')).id;
  expect((await addCard(billfold, owner, ws, testCards.succeeds, true)).statusCode).toBe(201);
  const flex = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: { plan: 'flex' } });
  expect(flex.statusCode, flex.body).toBe(200);
  const bought = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
    as: owner,
    body: { pack: 'credits_5000' },
    idempotencyKey: `buy-${ws}`,
  });
  expect(bought.statusCode, bought.body).toBe(200);
  return { ws, invoiceNumber: bought.json().invoice.number as string };
}

async function productKey(ws: string) {
  const key = await call(billfold, 'POST', `/v1/workspaces/${ws}/api-keys`, { as: owner, body: { name: 'product' } });
  expect(key.statusCode, key.body).toBe(201);
  return key.json().token as string;
}

describe('credit ledger CSV', () => {
  it('lists the purchase with its invoice, and debits with quoted, formula-safe descriptions', async () => {
    const { ws, invoiceNumber } = await flexWorkspaceWithCredits();
    const token = await productKey(ws);
    for (const [amount, description] of [
      [100, '=HYPERLINK("http://evil")'],
      [25, 'Export, "big" run\nsecond line'],
    ] as const) {
      const consumed = await billfold.app.inject({
        method: 'POST',
        url: `/v1/workspaces/${ws}/credits/consume`,
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': description },
        payload: { amount, description },
      });
      expect(consumed.statusCode, consumed.body).toBe(200);
    }
    const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits/transactions.csv`, { as: owner });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="credits-.+\.csv"$/);
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe('Date,Type,Description,Credits,Balance after,Invoice,Amount,Currency');
    // The line break inside a description stays inside its quoted field.
    expect(lines[1]).toMatch(/^[\d-]+T[\d:.]+Z,debit,"Export, ""big"" run\nsecond line",-25,4875,,,$/);
    expect(lines[2]).toMatch(/,debit,"'=HYPERLINK\(""http:\/\/evil""\)",-100,4900,,,$/);
    expect(lines[3]).toMatch(
      new RegExp(
        `,grant,"Purchased 5,000 credits \\(invoice ${invoiceNumber}\\)",5000,5000,${invoiceNumber},45.00,USD$`,
      ),
    );
    expect(lines[4]).toBe('');
    expect(lines).toHaveLength(5);
  });

  it('reads past one page: 1,203 entries all come out, newest first', async () => {
    const { ws } = await flexWorkspaceWithCredits();
    const token = await productKey(ws);
    // 1,202 debits of 1 credit, each its own ledger entry, sent in batches of 100 (quick on a busy machine).
    for (let first = 1; first <= 1202; first += 100) {
      const debits = [];
      for (let i = first; i < first + 100 && i <= 1202; i++) {
        debits.push({ amount: 1, description: `use ${i}`, idempotencyKey: `d${i}` });
      }
      const consumed = await billfold.app.inject({
        method: 'POST',
        url: `/v1/workspaces/${ws}/credits/consume`,
        headers: { authorization: `Bearer ${token}` },
        payload: { debits },
      });
      expect(consumed.statusCode).toBe(200);
      expect(consumed.json().debits.map((d: { status: string }) => d.status)).toEqual(debits.map(() => 'debited'));
    }
    const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits/transactions.csv`, { as: owner });
    const rows = response.body.trimEnd().split('\r\n').slice(1);
    expect(rows).toHaveLength(1203);
    expect(rows[0]).toContain(',debit,use 1202,-1,3798,');
    expect(rows[1201]).toContain(',debit,use 1,-1,4999,');
    expect(rows[1202]).toContain(',grant,');
  });

  it('is refused to a member without billing (403) and for a workspace of someone else (404)', async () => {
    const { ws } = await flexWorkspaceWithCredits();
    const member = await signUp(billfold, 'member');
    await addMember(billfold, { id: ws }, owner, member, 'member');
    const refused = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits/transactions.csv`, { as: member });
    expect(refused.statusCode).toBe(403);
    const stranger = await signUp(billfold, 'stranger');
    const theirs = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits/transactions.csv`, { as: stranger });
    expect(theirs.statusCode).toBe(404);
  });
});
