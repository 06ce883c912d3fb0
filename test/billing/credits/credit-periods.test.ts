// Credits over time, on test clocks: Pro grants its credits when a period is paid and they expire at the period
// end; an upgrade adds the new tier's extra credits for the rest of the period; a top-up on Pro does not
// restart the period; purchased credits with an expiry run out on the clock; auto top-up buys once per fall
// below its threshold and never loops on a failing card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyLeftoverTopUps } from '../../../src/billing/credits/auto-top-up.ts';
import { verifyCredits } from '../../../src/billing/credits/verify-credits.ts';
import type { Billfold } from '../../../src/server.ts';
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

async function workspaceAt(app: Billfold, frozenTime: string) {
  const ws = (await createWorkspaceAs(app, owner, 'Credits Co')).id;
  expect((await addCard(app, owner, ws, testCards.succeeds, true)).statusCode).toBe(201);
  const clock = await call(app, 'POST', `/v1/workspaces/${ws}/test-clock`, { as: owner, body: { frozenTime } });
  expect(clock.statusCode, clock.body).toBe(201);
  const key = await call(app, 'POST', `/v1/workspaces/${ws}/api-keys`, { as: owner, body: { name: 'product' } });
  return { ws, apiKey: { apiKey: key.json().token as string } };
}

async function advance(app: Billfold, ws: string, to: string) {
  const response = await call(app, 'POST', `/v1/workspaces/${ws}/test-clock/advance`, { as: owner, body: { to } });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().steps as { at: string; kind: string; result: string }[]).map(
    (s) => `${s.at.slice(0, 10)} ${s.kind} ${s.result}`,
  );
}

async function creditsOf(app: Billfold, ws: string) {
  const response = await call(app, 'GET', `/v1/workspaces/${ws}/credits`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function consume(app: Billfold, ws: string, apiKey: { apiKey: string }, amount: number, key: string) {
  const response = await call(app, 'POST', `/v1/workspaces/${ws}/credits/consume`, {
    as: apiKey,
    body: { amount, description: 'usage' },
    idempotencyKey: key,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function eventTypes(ws: string) {
  const rows = await billfold.deps.db
    .selectFrom('outbox_event')
    .select('type')
    .where('workspace_id', '=', ws)
    .where('type', 'like', 'credits.%')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.type);
}

/** The workspace's credit purchases, oldest first: why and how each ended. */
function purchasesOf(ws: string) {
  return billfold.deps.db
    .selectFrom('credit_purchase')
    .select(['reason', 'status'])
    .where('workspace_id', '=', ws)
    .orderBy('id')
    .execute();
}

/** Runs the jobs' sweep and waits until no top-up of the workspace is still being bought. */
async function topUpsSettled(ws: string) {
  await buyLeftoverTopUps(billfold.deps);
  for (let waited = 0; waited < 5_000; waited += 20) {
    const open = await billfold.deps.db
      .selectFrom('credit_purchase')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('status', 'in', ['requested', 'pending'])
      .execute();
    if (open.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('a top-up is still being bought after 5 s');
}

describe('Pro credits per period', () => {
  it('yearly Pro grants a year of credits, as the catalog says: Starter yearly ($490) grants 120,000 until the year ends', async () => {
    const plans = await call(billfold, 'GET', '/v1/plans', { as: owner });
    const starter = plans.json().data.find((p: { id: string }) => p.id === 'pro').tiers[0];
    expect(starter.prices).toEqual([
      { interval: 'month', currency: 'usd', unitAmount: 4900, creditsPerPeriod: 10_000 },
      { interval: 'year', currency: 'usd', unitAmount: 49000, creditsPerPeriod: 120_000 },
    ]);

    const { ws } = await workspaceAt(billfold, '2027-03-01T00:00:00Z');
    const subscribe = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'pro', tier: 'starter', interval: 'year' },
    });
    expect(subscribe.statusCode, subscribe.body).toBe(200);
    expect(subscribe.json().invoice).toMatchObject({ total: 49000, status: 'paid' });
    const credits = await creditsOf(billfold, ws);
    expect(credits).toMatchObject({ balance: 120_000, periodTotal: 120_000, renewsAt: '2028-03-01T00:00:00.000Z' });
    expect(credits.grants).toEqual([
      expect.objectContaining({ source: 'plan_period', remaining: 120_000, expiresAt: '2028-03-01T00:00:00.000Z' }),
    ]);
  });

  it('grants, upgrades, expires at the period end and grants again at the paid renewal', async () => {
    const { ws, apiKey } = await workspaceAt(billfold, '2027-03-01T00:00:00Z');
    const subscribe = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'pro', tier: 'starter', interval: 'month' },
    });
    expect(subscribe.statusCode, subscribe.body).toBe(200);
    expect(subscribe.json().invoice).toMatchObject({ total: 4900, status: 'paid' });
    let credits = await creditsOf(billfold, ws);
    expect(credits).toMatchObject({
      balance: 10_000,
      periodTotal: 10_000,
      periodUsed: 0,
      renewsAt: '2027-04-01T00:00:00.000Z',
    });
    expect(credits.grants).toEqual([
      expect.objectContaining({ source: 'plan_period', remaining: 10_000, expiresAt: '2027-04-01T00:00:00.000Z' }),
    ]);

    await advance(billfold, ws, '2027-03-10T00:00:00Z');
    expect(await consume(billfold, ws, apiKey, 4_000, 'mar-10')).toMatchObject({ balance: 6_000 });
    expect(await creditsOf(billfold, ws)).toMatchObject({ balance: 6_000, periodUsed: 4_000, periodTotal: 10_000 });

    // Mar 16 12:00, 15.5 of 31 days left: Growth's 40,000 extra credits × ½ = 20,000 more this period;
    // charged −$49.00 × ½ + $199.00 × ½ = −$24.50 + $99.50 = $75.00.
    await advance(billfold, ws, '2027-03-16T12:00:00Z');
    const upgrade = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'pro', tier: 'growth' },
    });
    expect(upgrade.statusCode, upgrade.body).toBe(200);
    expect(upgrade.json().invoice).toMatchObject({ total: 7_500, status: 'paid' });
    credits = await creditsOf(billfold, ws);
    expect(credits).toMatchObject({ balance: 26_000, periodUsed: 4_000, periodTotal: 30_000 });

    // A top-up on Pro adds credits that do not expire and keeps the period.
    const topUp = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_5000' },
    });
    expect(topUp.statusCode, topUp.body).toBe(200);
    expect(await creditsOf(billfold, ws)).toMatchObject({ balance: 31_000, periodUsed: 4_000, periodTotal: 35_000 });

    // Apr 1: the period's unused 26,000 expire, the renewal ($199.00) is paid, 50,000 arrive until May 1.
    expect(await advance(billfold, ws, '2027-04-02T00:00:00Z')).toEqual([
      '2027-04-01 credit_expiry 26000 credits expired',
      '2027-04-01 renewal paid',
    ]);
    credits = await creditsOf(billfold, ws);
    expect(credits).toMatchObject({
      balance: 55_000,
      periodUsed: 0,
      periodTotal: 55_000,
      renewsAt: '2027-05-01T00:00:00.000Z',
    });
    expect(credits.grants.map((g: { credits: number; remaining: number; expiresAt: string | null }) => g)).toEqual([
      expect.objectContaining({ credits: 50_000, remaining: 50_000, expiresAt: '2027-05-01T00:00:00.000Z' }),
      expect.objectContaining({ credits: 5_000, remaining: 5_000, expiresAt: null }),
    ]);
    const ledger = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits/transactions?limit=3`, { as: owner });
    expect(ledger.json().data.map((t: { type: string; credits: number; balanceAfter: number }) => t)).toEqual([
      expect.objectContaining({ type: 'grant', credits: 50_000, balanceAfter: 55_000 }),
      expect.objectContaining({ type: 'expiry', credits: -20_000, balanceAfter: 5_000 }),
      expect.objectContaining({ type: 'expiry', credits: -6_000, balanceAfter: 25_000 }),
    ]);
    expect(await eventTypes(ws)).toEqual(['credits.granted', 'credits.granted', 'credits.granted', 'credits.granted']);
    expect((await verifyCredits(billfold.deps.db)).mismatches).toEqual([]);
  });
});

describe('purchased credits with an expiry', () => {
  it('run out on the clock: BILLFOLD_CREDIT_PURCHASE_EXPIRY_DAYS=30 bought Mar 1 expire Mar 31', async () => {
    const app = await billfold.withSettings({ BILLFOLD_CREDIT_PURCHASE_EXPIRY_DAYS: '30' });
    const { ws, apiKey } = await workspaceAt(app, '2027-03-01T00:00:00Z');
    expect(
      (await call(app, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: { plan: 'flex' } })).statusCode,
    ).toBe(200);
    const bought = await call(app, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_1000' },
    });
    expect(bought.statusCode, bought.body).toBe(200);
    expect(bought.json().credits.grants).toEqual([
      expect.objectContaining({ remaining: 1_000, expiresAt: '2027-03-31T00:00:00.000Z' }),
    ]);
    await consume(app, ws, apiKey, 250, 'some');
    expect(await advance(app, ws, '2027-04-15T00:00:00Z')).toEqual(['2027-03-31 credit_expiry 750 credits expired']);
    expect(await creditsOf(app, ws)).toMatchObject({ balance: 0, grants: [] });
    const refused = await call(app, 'POST', `/v1/workspaces/${ws}/credits/consume`, {
      as: apiKey,
      body: { amount: 1, description: 'usage' },
      idempotencyKey: 'after-expiry',
    });
    expect(refused.statusCode).toBe(402);
    // The expiry took the balance from 750 below the low-balance line (100, a tenth of the grant) down to 0.
    expect(await eventTypes(ws)).toEqual(['credits.granted', 'credits.low_balance', 'credits.depleted']);
  });
});

describe('auto top-up', () => {
  it('buys the chosen pack once when a debit falls below the threshold, and never loops on a failing card', async () => {
    const { ws, apiKey } = await workspaceAt(billfold, '2027-03-01T00:00:00Z');
    await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: { plan: 'flex' } });
    await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_1000' },
    });
    const setting = await call(billfold, 'PUT', `/v1/workspaces/${ws}/credits/auto-top-up`, {
      as: owner,
      body: { enabled: true, packId: 'credits_1000', threshold: 500 },
    });
    expect(setting.statusCode, setting.body).toBe(200);

    await consume(billfold, ws, apiKey, 600, 'fall-1'); // 1,000 → 400: below 500, a top-up is requested
    await topUpsSettled(ws); // the route starts the purchase in the background; the sweep buys it if not
    expect((await creditsOf(billfold, ws)).balance).toBe(1_400);
    await consume(billfold, ws, apiKey, 100, 'above'); // 1,300: above the threshold, nothing to buy
    await topUpsSettled(ws);
    expect((await creditsOf(billfold, ws)).balance).toBe(1_300);

    // The card starts failing: one top-up is tried and fails; further debits below the threshold try nothing.
    expect((await addCard(billfold, owner, ws, testCards.chargesFail, true)).statusCode).toBe(201);
    await consume(billfold, ws, apiKey, 1_000, 'fall-2'); // 300
    await topUpsSettled(ws);
    await consume(billfold, ws, apiKey, 100, 'below-again'); // 200
    await topUpsSettled(ws);
    expect((await creditsOf(billfold, ws)).balance).toBe(200);
    expect(await purchasesOf(ws)).toEqual([
      { reason: 'manual', status: 'granted' },
      { reason: 'auto_top_up', status: 'granted' },
      { reason: 'auto_top_up', status: 'failed' },
    ]);
    const invoices = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
    expect(invoices.json().data.map((i: { total: number; status: string }) => `${i.total} ${i.status}`)).toEqual([
      '1000 void',
      '1000 paid',
      '1000 paid',
    ]);
    // Low balance is signalled once per fall below the line.
    expect((await eventTypes(ws)).filter((t) => t === 'credits.low_balance')).toHaveLength(2);
  });

  it('buys once for a batch whose debits fall below the threshold, after the debit that crossed it', async () => {
    const { ws, apiKey } = await workspaceAt(billfold, '2027-03-01T00:00:00Z');
    await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: { plan: 'flex' } });
    await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_1000' },
    });
    await call(billfold, 'PUT', `/v1/workspaces/${ws}/credits/auto-top-up`, {
      as: owner,
      body: { enabled: true, packId: 'credits_1000', threshold: 500 },
    });
    const batch = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/consume`, {
      as: apiKey,
      body: {
        debits: [
          { amount: 300, idempotencyKey: 'b-1' }, // 1,000 → 700
          { amount: 300, idempotencyKey: 'b-2' }, // 400: below 500, the top-up is requested
          { amount: 100, idempotencyKey: 'b-3' }, // 300: still below, nothing more
        ],
      },
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json().debits.map((d: { balance: number }) => d.balance)).toEqual([700, 400, 300]);
    await topUpsSettled(ws);
    expect((await creditsOf(billfold, ws)).balance).toBe(1_300); // 300 + the 1,000 pack
    expect(await purchasesOf(ws)).toEqual([
      { reason: 'manual', status: 'granted' },
      { reason: 'auto_top_up', status: 'granted' },
    ]);
    expect((await eventTypes(ws)).filter((t) => t === 'credits.low_balance')).toHaveLength(1);
  });

  it('refuses a pack the plan does not sell, naming packId', async () => {
    const { ws } = await workspaceAt(billfold, '2027-03-01T00:00:00Z');
    await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: { plan: 'flex' } });
    const response = await call(billfold, 'PUT', `/v1/workspaces/${ws}/credits/auto-top-up`, {
      as: owner,
      body: { enabled: true, packId: 'credits_7', threshold: 500 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.param).toBe('packId');
    expect((await creditsOf(billfold, ws)).autoTopUp).toEqual({ enabled: false, packId: null, threshold: null });
  });
});
