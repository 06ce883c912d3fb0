// The price preview of a credit purchase: a pack or an amount priced to the cent exactly as the purchase charges
// it, taxed for the billing country as its invoice is; bad amounts are a 400 naming the field; only those who may
// buy see it, and a workspace not theirs is a 404.
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

async function flexWorkspace(country: string | null) {
  const ws = (await createWorkspaceAs(billfold, owner, 'Flex Co')).id;
  expect((await addCard(billfold, owner, ws, testCards.succeeds, true)).statusCode).toBe(201);
  const flex = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: { plan: 'flex' } });
  expect(flex.statusCode, flex.body).toBe(200);
  if (country) {
    const saved = await call(billfold, 'PUT', `/v1/workspaces/${ws}/billing-details`, {
      as: owner,
      body: {
        legalName: 'Flex GmbH',
        email: 'billing@flex.example',
        addressLine1: '1 Hauptstr',
        city: 'Berlin',
        postalCode: '10115',
        country,
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  }
  return ws;
}

function quote(ws: string, query: string, as = owner) {
  return call(billfold, 'GET', `/v1/workspaces/${ws}/credits/quote?${query}`, { as });
}

describe('credit quote', () => {
  it('prices 1,234 credits at $12.34 plus 19% German VAT, $2.34, and the purchase charges exactly that', async () => {
    const ws = await flexWorkspace('DE');
    const response = await quote(ws, 'credits=1234');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      credits: 1234,
      packId: null,
      currency: 'usd',
      subtotal: 1234,
      tax: 234,
      taxPercent: '19',
      taxCountry: 'DE',
      total: 1468,
    });
    const bought = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { credits: 1234 },
      idempotencyKey: 'buy-1234',
    });
    expect(bought.statusCode, bought.body).toBe(200);
    expect(bought.json().invoice).toMatchObject({ subtotal: 1234, tax: 234, total: 1468, currency: 'usd' });
  });

  it('prices the 5,000-credit pack at $45.00 with no tax where the country has none', async () => {
    const ws = await flexWorkspace(null);
    const response = await quote(ws, 'pack=credits_5000');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      credits: 5000,
      packId: 'credits_5000',
      subtotal: 4500,
      tax: 0,
      total: 4500,
    });
  });

  it('answers 400 naming the field for amounts out of bounds, fractions, huge numbers and no choice', async () => {
    const ws = await flexWorkspace(null);
    for (const [query, param] of [
      ['credits=999', 'credits'],
      ['credits=1000001', 'credits'],
      ['credits=1500.5', 'credits'],
      ['credits=1e400', 'credits'],
      ['credits=99999999999999999999999', 'credits'],
      ['credits=abc', 'credits'],
      ['credits=-5', 'credits'],
      ['pack=nope', 'pack'],
      ['', 'pack'],
      ['pack=credits_5000&credits=2000', 'pack'],
    ]) {
      const response = await quote(ws, query as string);
      expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
      expect(response.json().error.param, query).toBe(param);
    }
  });

  it('refuses a member without billing (403) and a workspace of someone else (404)', async () => {
    const ws = await flexWorkspace(null);
    const member = await signUp(billfold, 'member');
    await addMember(billfold, { id: ws }, owner, member, 'member');
    expect((await quote(ws, 'credits=2000', member)).statusCode).toBe(403);
    const stranger = await signUp(billfold, 'stranger');
    const theirs = (await createWorkspaceAs(billfold, stranger, 'Theirs')).id;
    expect((await quote(theirs, 'credits=2000')).statusCode).toBe(404);
  });
});
