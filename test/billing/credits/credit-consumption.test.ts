// The operator's product debiting credits with a workspace API key: exactly the credits there are and never
// more (200 concurrent debits against 150), replays that debit nothing, 402 with the balance, drawdown order,
// and the ledger with running balances — on PGlite and Postgres alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustCredits } from '../../../src/billing/credits/adjust-credits.ts';
import { grantCredits } from '../../../src/billing/credits/grant-credits.ts';
import { verifyCredits } from '../../../src/billing/credits/verify-credits.ts';
import { inTransaction } from '../../../src/db/transaction.ts';
import { systemActor } from '../../../src/domain/access/actor.ts';
import { runCreditUpkeep } from '../../../src/jobs/run-credit-upkeep.ts';
import { expectLedgerFollowsDrawdownRule, grantPromos } from '../../support/credit-ledger-replay.ts';
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

async function workspaceWithCredits(credits: number) {
  const ws = (await createWorkspaceAs(billfold, owner, 'Metered Co')).id;
  await adjustCredits(billfold.deps, ws, { credits, reason: 'test balance', actor: systemActor });
  const key = await call(billfold, 'POST', `/v1/workspaces/${ws}/api-keys`, { as: owner, body: { name: 'product' } });
  expect(key.statusCode, key.body).toBe(201);
  return { ws, apiKey: { apiKey: key.json().token as string } };
}

function consume(
  ws: string,
  as: { apiKey: string } | SignedInUser,
  amount: number,
  idempotencyKey: string | undefined,
  extra: Record<string, unknown> = {},
) {
  return call(billfold, 'POST', `/v1/workspaces/${ws}/credits/consume`, {
    as,
    body: { amount, description: 'report run', ...extra },
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
}

async function balanceOfWorkspace(ws: string): Promise<number> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().balance;
}

async function ledgerOf(ws: string) {
  const rows = await billfold.deps.db
    .selectFrom('credit_transaction')
    .select(['type', 'credits', 'balance_after'])
    .where('workspace_id', '=', ws)
    .orderBy('seq')
    .execute();
  return rows;
}

describe('200 concurrent debits of 1 credit against a balance of 150', () => {
  it('exactly 150 succeed, 50 get 402, the balance ends at 0 and the ledger sums match; replays change nothing', async () => {
    const { ws, apiKey } = await workspaceWithCredits(150);
    const keys = Array.from({ length: 200 }, (_, i) => `debit-${i}`);
    const first = await Promise.all(keys.map((key) => consume(ws, apiKey, 1, key)));
    const statuses = first.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(150);
    expect(statuses.filter((s) => s === 402)).toHaveLength(50);
    for (const refused of first.filter((r) => r.statusCode === 402)) {
      expect(refused.json().error).toMatchObject({ code: 'insufficient_credits', balance: 0 });
    }
    // Every successful debit left a different balance behind: 149, 148, …, 0.
    const balancesAfter = first.filter((r) => r.statusCode === 200).map((r) => r.json().balance);
    expect(new Set(balancesAfter).size).toBe(150);
    expect(Math.min(...balancesAfter)).toBe(0);
    expect(await balanceOfWorkspace(ws)).toBe(0);

    const ledger = await ledgerOf(ws);
    expect(ledger.filter((e) => e.type === 'debit')).toHaveLength(150);
    expect(ledger.reduce((sum, e) => sum + e.credits, 0)).toBe(0);
    expect(ledger.at(-1)?.balance_after).toBe(0);
    expect((await verifyCredits(billfold.deps.db)).mismatches).toEqual([]);

    // The same 200 again with their keys: the same answers, nothing debited.
    const replayed = await Promise.all(keys.map((key) => consume(ws, apiKey, 1, key)));
    expect(replayed.map((r) => r.statusCode)).toEqual(statuses);
    expect(replayed.filter((r) => r.statusCode === 200).map((r) => r.json().id)).toEqual(
      first.filter((r) => r.statusCode === 200).map((r) => r.json().id),
    );
    expect(await balanceOfWorkspace(ws)).toBe(0);
    expect(await ledgerOf(ws)).toHaveLength(ledger.length);
  });
});

describe('a debit', () => {
  it('answers the entry, the amount and the balance after it, and lists in the ledger with its actor and metadata', async () => {
    const { ws, apiKey } = await workspaceWithCredits(1000);
    const response = await consume(ws, apiKey, 300, 'run-1', { metadata: { reportId: 'r_42', pages: 3 } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ amount: 300, balance: 700 });
    expect(response.json().id).toMatch(/^ctx_/);

    const transactions = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits/transactions?limit=1`, {
      as: owner,
    });
    expect(transactions.json()).toMatchObject({
      hasMore: true,
      data: [
        {
          id: response.json().id,
          type: 'debit',
          credits: -300,
          balanceAfter: 700,
          description: 'report run',
          metadata: { reportId: 'r_42', pages: 3 },
          actor: { type: 'api_key' },
        },
      ],
    });
    const next = await call(
      billfold,
      'GET',
      `/v1/workspaces/${ws}/credits/transactions?limit=1&startingAfter=${response.json().id}`,
      { as: owner },
    );
    expect(next.json()).toMatchObject({
      hasMore: false,
      data: [{ type: 'adjustment', credits: 1000, balanceAfter: 1000, description: 'test balance' }],
    });
  });

  it('asks for more than there is: 402 insufficient_credits with the balance, and nothing changes', async () => {
    const { ws, apiKey } = await workspaceWithCredits(100);
    const response = await consume(ws, apiKey, 101, 'too-much');
    expect(response.statusCode, response.body).toBe(402);
    expect(response.json().error).toMatchObject({ code: 'insufficient_credits', balance: 100, param: 'amount' });
    expect(response.json().error.message).toContain('101 requested, 100 available');
    expect(await balanceOfWorkspace(ws)).toBe(100);
    expect(await ledgerOf(ws)).toHaveLength(1);
  });

  it('is replayed from the ledger even without the HTTP idempotency record (another key of the workspace)', async () => {
    const { ws, apiKey } = await workspaceWithCredits(500);
    const first = await consume(ws, apiKey, 200, 'once-only');
    expect(first.statusCode).toBe(200);
    const otherKey = await call(billfold, 'POST', `/v1/workspaces/${ws}/api-keys`, { as: owner, body: { name: 'b' } });
    const again = await consume(ws, { apiKey: otherKey.json().token }, 200, 'once-only');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await balanceOfWorkspace(ws)).toBe(300);
    // The first result stands even when the balance could no longer pay for it.
    await consume(ws, apiKey, 300, 'drain');
    const late = await consume(ws, { apiKey: otherKey.json().token }, 200, 'once-only');
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json()).toEqual(first.json());
    expect(await balanceOfWorkspace(ws)).toBe(0);
  });

  it('refuses a reused key with another amount (422) and debits nothing', async () => {
    const { ws, apiKey } = await workspaceWithCredits(500);
    expect((await consume(ws, apiKey, 10, 'k')).statusCode).toBe(200);
    const otherKey = await call(billfold, 'POST', `/v1/workspaces/${ws}/api-keys`, { as: owner, body: { name: 'b' } });
    const reused = await consume(ws, { apiKey: otherKey.json().token }, 20, 'k');
    expect(reused.statusCode, reused.body).toBe(422);
    expect(reused.json().error).toMatchObject({ code: 'idempotency_key_reused', param: 'Idempotency-Key' });
    expect(await balanceOfWorkspace(ws)).toBe(490);
  });

  it.each([
    [{ amount: 0 }, 'amount'],
    [{ amount: -5 }, 'amount'],
    [{ amount: 1.5 }, 'amount'],
    [{ amount: 5, description: '' }, 'description'],
    [{ amount: 5, metadata: { nested: { no: true } } }, 'metadata'],
  ])('refuses %j naming the field %s', async (body, param) => {
    const { ws, apiKey } = await workspaceWithCredits(50);
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/consume`, {
      as: apiKey,
      body: { description: 'x', ...body },
      idempotencyKey: `bad-${param}-${Math.random()}`,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.param).toContain(param);
    expect(await balanceOfWorkspace(ws)).toBe(50);
  });

  it('needs an Idempotency-Key (400) and a workspace API key (a signed-in owner gets 403)', async () => {
    const { ws, apiKey } = await workspaceWithCredits(50);
    const noKey = await consume(ws, apiKey, 5, undefined);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.param).toBe('Idempotency-Key');
    const asOwner = await consume(ws, owner, 5, 'owner-try');
    expect(asOwner.statusCode).toBe(403);
    expect(asOwner.json().error.message).toMatch(/API key/);
    expect(await balanceOfWorkspace(ws)).toBe(50);
  });

  it('records, debit after debit, exactly what the drawdown rule decides on the wallet the ledger describes', async () => {
    // Debits of many sizes over grants with different expiries: some stay inside the first grant (the one-statement
    // fast path), some span grants, cross the low-balance line or are refused (the general path).
    const { ws, apiKey } = await workspaceWithCredits(3_000);
    await grantPromos(billfold, ws, billfold.clock.now().epochMilliseconds, [
      [700, 20],
      [400, 5],
      [900, 40],
    ]);
    const sizes = [5, 120, 1, 333, 90, 410, 2, 7, 650, 44, 1_200, 18, 900, 3, 260, 75, 1_000, 11, 600, 9];
    const answers = [];
    for (const [i, amount] of sizes.entries()) answers.push((await consume(ws, apiKey, amount, `mix-${i}`)).statusCode);
    expect(answers).toContain(402);

    expect(await expectLedgerFollowsDrawdownRule(billfold, ws)).toBe(await balanceOfWorkspace(ws));
    expect((await verifyCredits(billfold.deps.db)).mismatches).toEqual([]);
  });

  it('is reported in batches: one credits.consumed event per workspace per run of the jobs', async () => {
    const { ws, apiKey } = await workspaceWithCredits(1_000);
    for (const [i, amount] of [10, 20, 30].entries()) await consume(ws, apiKey, amount, `batched-${i}`);
    const consumedEvents = () =>
      billfold.deps.db
        .selectFrom('outbox_event')
        .select('data')
        .where('workspace_id', '=', ws)
        .where('type', '=', 'credits.consumed')
        .orderBy('id')
        .execute();
    expect(await consumedEvents()).toEqual([]);
    await runCreditUpkeep(billfold.deps);
    expect((await consumedEvents()).map((e) => e.data)).toEqual([{ object: { credits: 60, debits: 3, balance: 940 } }]);
    // Nothing new: no second event; one more debit: one more event with just that debit.
    await runCreditUpkeep(billfold.deps);
    await consume(ws, apiKey, 5, 'batched-3');
    await runCreditUpkeep(billfold.deps);
    expect((await consumedEvents()).map((e) => e.data)).toEqual([
      { object: { credits: 60, debits: 3, balance: 940 } },
      { object: { credits: 5, debits: 1, balance: 935 } },
    ]);
  });

  it('draws from the grant that expires first, never-expiring grants last', async () => {
    const { ws, apiKey } = await workspaceWithCredits(200); // the adjustment never expires
    const now = billfold.clock.now().epochMilliseconds;
    const day = 24 * 60 * 60 * 1000;
    const grant = (credits: number, expiresInDays: number) =>
      inTransaction(billfold.deps.db, (trx) =>
        grantCredits(trx, new Date(now), {
          workspaceId: ws,
          source: 'promo',
          credits,
          expiresAt: new Date(now + expiresInDays * day),
          description: `promo ${expiresInDays}d`,
          invoiceId: null,
          subscriptionId: null,
          actor: systemActor,
        }),
      );
    const later = await grant(100, 30);
    const sooner = await grant(50, 10);
    const response = await consume(ws, apiKey, 170, 'drawdown');
    expect(response.statusCode, response.body).toBe(200);
    const entry = await billfold.deps.db
      .selectFrom('credit_transaction')
      .select('drawn_from')
      .where('id', '=', response.json().id)
      .executeTakeFirstOrThrow();
    // 50 from the 10-day promo, 100 from the 30-day promo, then 20 of the 200 that never expire.
    expect(entry.drawn_from).toEqual([
      { grantId: sooner.grantId, credits: 50 },
      { grantId: later.grantId, credits: 100 },
      { grantId: expect.stringMatching(/^cg_/), credits: 20 },
    ]);
    const credits = (await call(billfold, 'GET', `/v1/workspaces/${ws}/credits`, { as: owner })).json();
    expect(credits.grants).toEqual([expect.objectContaining({ source: 'adjustment', credits: 200, remaining: 180 })]);
  });
});
