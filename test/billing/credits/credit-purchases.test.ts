// Buying credits on a Flex workspace: a pack or an amount is charged to the default card and granted at once;
// a declined card adds nothing and voids its invoice; plans without credits refuse; bad requests name the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import {
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

async function flexWorkspace(card: string | null = testCards.succeeds) {
  const ws = (await createWorkspaceAs(billfold, owner, 'Flex Co')).id;
  if (card) expect((await addCard(billfold, owner, ws, card, true)).statusCode).toBe(201);
  const flex = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: { plan: 'flex' } });
  expect(flex.statusCode, flex.body).toBe(200);
  return ws;
}

async function credits(ws: string) {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function ledger(ws: string) {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits/transactions`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as { type: string; credits: number; balanceAfter: number; description: string }[];
}

describe('buying credits', () => {
  it('buys the 5,000-credit pack for $45.00: paid invoice, balance 5,000 at once, a grant in the ledger', async () => {
    const ws = await flexWorkspace();
    const before = await credits(ws);
    expect(before).toMatchObject({ balance: 0, periodUsed: 0, periodTotal: 0, renewsAt: null });
    expect(before.purchase.packs.map((p: { id: string }) => p.id)).toEqual([
      'credits_1000',
      'credits_5000',
      'credits_20000',
    ]);

    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_5000' },
      idempotencyKey: 'buy-5000',
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.purchase).toMatchObject({ credits: 5000, status: 'granted' });
    expect(body.invoice).toMatchObject({ total: 4500, status: 'paid', paymentMethod: { last4: '4242' } });
    expect(body.invoice.lines).toEqual([expect.objectContaining({ description: '5,000 credits', amount: 4500 })]);
    expect(body.credits).toMatchObject({ balance: 5000, periodTotal: 5000, periodUsed: 0 });
    expect(body.credits.grants).toEqual([
      expect.objectContaining({ source: 'purchase', credits: 5000, remaining: 5000, expiresAt: null }),
    ]);
    const summary = await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner });
    expect(summary.json().credits).toEqual({ balance: 5000, periodTotal: 5000, periodUsed: 0, renewsAt: null });
    expect(await ledger(ws)).toEqual([expect.objectContaining({ type: 'grant', credits: 5000, balanceAfter: 5000 })]);

    // A retry of the same click replays the first answer and buys nothing more.
    const replay = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_5000' },
      idempotencyKey: 'buy-5000',
    });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await credits(ws)).balance).toBe(5000);
  });

  it('buys a custom 2,500 credits at $10.00 per 1,000: $25.00', async () => {
    const ws = await flexWorkspace();
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { credits: 2500 },
    });
    expect(response.statusCode, response.body).toBe(200);
    // 2,500 × $10.00 / 1,000 = $25.00
    expect(response.json().invoice).toMatchObject({ total: 2500, status: 'paid' });
    expect((await credits(ws)).balance).toBe(2500);
  });

  it('a declined card adds nothing: 402 with the reason, the invoice is void, the balance stays', async () => {
    const ws = await flexWorkspace(testCards.chargesFail);
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_1000' },
    });
    expect(response.statusCode, response.body).toBe(402);
    expect(response.json().error).toMatchObject({ code: 'payment_failed' });
    expect(response.json().error.message).toMatch(/declined.*No credits were added/i);
    expect(await credits(ws)).toMatchObject({ balance: 0, grants: [] });
    expect(await ledger(ws)).toEqual([]);
    const invoices = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
    expect(invoices.json().data).toEqual([expect.objectContaining({ total: 1000, status: 'void' })]);
  });

  it('without a card the purchase asks for one and issues nothing', async () => {
    const ws = await flexWorkspace(null);
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_1000' },
    });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error.code).toBe('payment_method_required');
    const invoices = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
    expect(invoices.json().data).toEqual([]);
  });

  it('Free does not sell credits: 409 credits_not_sold, and the Credits section has nothing to sell', async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'Free Co')).id;
    expect((await addCard(billfold, owner, ws, testCards.succeeds, true)).statusCode).toBe(201);
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_1000' },
    });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'credits_not_sold' });
    expect(response.json().error.message).toMatch(/Flex Credits or Pro/);
    expect((await credits(ws)).purchase).toBeNull();
    const summary = await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner });
    expect(summary.json().credits).toBeNull();
  });

  it.each([
    [{ pack: 'credits_999' }, 'pack'],
    [{ credits: 999 }, 'credits'],
    [{ credits: 1_000_001 }, 'credits'],
    [{ pack: 'credits_1000', credits: 1000 }, 'pack'],
    [{}, 'pack'],
    [{ credits: 12.5 }, 'credits'],
  ])('refuses %j naming the field %s, and charges nothing', async (body, param) => {
    const ws = await flexWorkspace();
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, { as: owner, body });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.param).toBe(param);
    expect((await credits(ws)).balance).toBe(0);
    const invoices = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
    expect(invoices.json().data).toEqual([]);
  });
});
