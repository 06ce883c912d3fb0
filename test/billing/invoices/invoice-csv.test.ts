// The invoice list as CSV: every issued invoice newest first (paid, open and void), amounts in major units, amount
// paid and due, a Total row per currency that leaves void invoices out; and the list's own JSON says why a void
// invoice is void. Billing viewers only.
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
  billfold = await startTestBillfold({ BILLFOLD_TAX_RATES: 'DE=19' });
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => {
  await billfold.close();
});

interface ListedInvoice {
  id: string;
  number: string;
  status: string;
  currency: string;
  total: number;
  issuedAt: string;
  voidReason: string | null;
}

/**
 * A German workspace (19% tax) whose first Team upgrade was declined (a void invoice), then paid with another card,
 * then billed two one-off invoices left open: one in dollars, one in euros.
 */
async function workspaceWithPaidOpenAndVoidInvoices() {
  const ws = (await createWorkspaceAs(billfold, owner, 'Export GmbH')).id;
  const details = await call(billfold, 'PUT', `/v1/workspaces/${ws}/billing-details`, {
    as: owner,
    body: {
      legalName: 'Export GmbH',
      email: 'ap@export.example',
      addressLine1: 'Friedrichstraße 1',
      city: 'Berlin',
      postalCode: '10117',
      country: 'DE',
    },
  });
  expect(details.statusCode, details.body).toBe(200);
  expect((await addCard(billfold, owner, ws, testCards.chargesFail, true)).statusCode).toBe(201);
  const declined = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
    as: owner,
    body: { plan: 'team', interval: 'month', seats: 1 },
  });
  expect(declined.statusCode, declined.body).toBe(402);
  expect((await addCard(billfold, owner, ws, testCards.succeeds, true)).statusCode).toBe(201);
  const team = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
    as: owner,
    body: { plan: 'team', interval: 'month', seats: 1 },
  });
  expect(team.statusCode, team.body).toBe(200);
  for (const [currency, unitAmount] of [
    ['usd', 15000],
    ['eur', 9999],
  ] as const) {
    const issued = await call(billfold, 'POST', `/v1/workspaces/${ws}/invoices`, {
      as: owner,
      body: {
        currency,
        lines: [{ description: 'Onboarding workshop', quantity: currency === 'usd' ? 2 : 1, unitAmount }],
      },
      idempotencyKey: `one-off-${currency}-${ws}`,
    });
    expect(issued.statusCode, issued.body).toBe(201);
  }
  const listed = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
  expect(listed.statusCode, listed.body).toBe(200);
  return { ws, invoices: listed.json().data as ListedInvoice[] };
}

describe('invoices CSV', () => {
  it('lists paid, open and void invoices newest first, with totals per currency that leave the void one out', async () => {
    const { ws, invoices } = await workspaceWithPaidOpenAndVoidInvoices();
    expect(invoices.map((i) => [i.status, i.currency, i.total])).toEqual([
      ['open', 'eur', 11899], // €99.99 + 19% (18.9981 → 19.00)
      ['open', 'usd', 35700], // 2 × $150.00 + 19% ($57.00)
      ['paid', 'usd', 1428], // 1 seat × $12.00 + 19% ($2.28)
      ['void', 'usd', 1428], // the declined first upgrade
    ]);
    const [eur, usd, paid, voided] = invoices.map((i) => `${i.number},${i.issuedAt.slice(0, 10)}`);

    const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices.csv`, { as: owner });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="invoices-ws-[a-z0-9]+-[\d-]+\.csv"$/,
    );
    expect(response.body.split('\r\n')).toEqual([
      'Number,Issued,Status,Currency,Subtotal,Tax,Total,Amount paid,Amount due',
      `${eur},open,EUR,99.99,19.00,118.99,0.00,118.99`,
      `${usd},open,USD,300.00,57.00,357.00,0.00,357.00`,
      `${paid},paid,USD,12.00,2.28,14.28,14.28,0.00`,
      `${voided},void,USD,12.00,2.28,14.28,0.00,0.00`,
      'Total,,excluding void,EUR,99.99,19.00,118.99,0.00,118.99',
      // $300.00 + $12.00; $57.00 + $2.28; $357.00 + $14.28 — the void $14.28 is not added.
      'Total,,excluding void,USD,312.00,59.28,371.28,14.28,357.00',
      '',
    ]);
  });

  it('says in the list why a void invoice is void, and nothing for the others', async () => {
    const { invoices } = await workspaceWithPaidOpenAndVoidInvoices();
    expect(invoices.map((i) => [i.status, i.voidReason])).toEqual([
      ['open', null],
      ['open', null],
      ['paid', null],
      ['void', 'Payment declined — nothing was charged'],
    ]);
  });

  it('is only a header for a workspace without invoices', async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'Nothing Yet')).id;
    const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices.csv`, { as: owner });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toBe('Number,Issued,Status,Currency,Subtotal,Tax,Total,Amount paid,Amount due\r\n');
  });

  it('is refused to a member without billing (403) and for a workspace of someone else (404)', async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'Private Books')).id;
    const member = await signUp(billfold, 'member');
    await addMember(billfold, { id: ws }, owner, member, 'member');
    const refused = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices.csv`, { as: member });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    const listRefused = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: member });
    expect(listRefused.statusCode).toBe(403);
    const stranger = await signUp(billfold, 'stranger');
    const theirs = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices.csv`, { as: stranger });
    expect(theirs.statusCode).toBe(404);
  });
});
