// The operator's product sending debits in batches ({debits: […]} on POST …/credits/consume): each debit answered
// on its own in input order (debited, replayed, insufficient_credits, idempotency_key_reused) with the exact
// balance after it, a batch retried whole debiting nothing more, concurrent batches never overdrawing, refusals
// that change nothing, and the same API-key permission as one debit — on PGlite and Postgres alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustCredits } from '../../../src/billing/credits/adjust-credits.ts';
import { verifyCredits } from '../../../src/billing/credits/verify-credits.ts';
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

type Debit = { amount: number; idempotencyKey: string; description?: string; metadata?: Record<string, unknown> };

async function workspaceWithCredits(credits: number, scopes?: string[]) {
  const ws = (await createWorkspaceAs(billfold, owner, 'Metered Co')).id;
  await adjustCredits(billfold.deps, ws, { credits, reason: 'test balance', actor: systemActor });
  const body = scopes ? { name: 'product', scopes } : { name: 'product' };
  const key = await call(billfold, 'POST', `/v1/workspaces/${ws}/api-keys`, { as: owner, body });
  expect(key.statusCode, key.body).toBe(201);
  return { ws, apiKey: { apiKey: key.json().token as string } };
}

function consumeBatch(ws: string, as: { apiKey: string } | SignedInUser, debits: Debit[], idempotencyKey?: string) {
  return call(billfold, 'POST', `/v1/workspaces/${ws}/credits/consume`, {
    as,
    body: { debits },
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
}

async function balanceOfWorkspace(ws: string): Promise<number> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().balance;
}

function ledgerOf(ws: string) {
  return billfold.deps.db
    .selectFrom('credit_transaction')
    .select(['id', 'type', 'credits', 'balance_after', 'description', 'idempotency_key'])
    .where('workspace_id', '=', ws)
    .orderBy('seq')
    .execute();
}

describe('a batch of debits', () => {
  it('answers each debit in input order: debited, replayed, insufficient_credits, with the balance after each', async () => {
    const { ws, apiKey } = await workspaceWithCredits(100);
    const single = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/consume`, {
      as: apiKey,
      body: { amount: 10, description: 'earlier run' },
      idempotencyKey: 'earlier',
    });
    expect(single.statusCode, single.body).toBe(200); // 100 − 10 = 90

    const response = await consumeBatch(ws, apiKey, [
      { amount: 30, idempotencyKey: 'a', description: 'report 1', metadata: { reportId: 'r1' } }, // 90 − 30 = 60
      { amount: 10, idempotencyKey: 'earlier', description: 'earlier run' }, // already debited: 90 as then
      { amount: 50, idempotencyKey: 'b' }, // 60 − 50 = 10
      { amount: 40, idempotencyKey: 'c' }, // 40 > 10: refused
      { amount: 10, idempotencyKey: 'd' }, // 10 − 10 = 0
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json();
    expect(answer.balance).toBe(0);
    expect(answer.debits).toEqual([
      expect.objectContaining({ status: 'debited', idempotencyKey: 'a', amount: 30, balance: 60 }),
      {
        status: 'replayed',
        idempotencyKey: 'earlier',
        id: single.json().id,
        amount: 10,
        balance: 90,
        createdAt: single.json().createdAt,
      },
      expect.objectContaining({ status: 'debited', idempotencyKey: 'b', amount: 50, balance: 10 }),
      {
        status: 'insufficient_credits',
        idempotencyKey: 'c',
        amount: 40,
        balance: 10,
        message: 'Not enough credits: 40 requested, 10 available. Nothing was debited.',
      },
      expect.objectContaining({ status: 'debited', idempotencyKey: 'd', amount: 10, balance: 0 }),
    ]);
    expect(await balanceOfWorkspace(ws)).toBe(0);
    const ledger = await ledgerOf(ws);
    expect(ledger.map((e) => [e.type, e.credits, e.balance_after, e.idempotency_key])).toEqual([
      ['adjustment', 100, 100, null],
      ['debit', -10, 90, 'earlier'],
      ['debit', -30, 60, 'a'],
      ['debit', -50, 10, 'b'],
      ['debit', -10, 0, 'd'],
    ]);
    expect(ledger.map((e) => e.id).slice(2)).toEqual(
      answer.debits.filter((d: { status: string }) => d.status === 'debited').map((d: { id: string }) => d.id),
    );
    // A debit without a description says what it was in the ledger; one with metadata lists it.
    expect(ledger[3]?.description).toBe('Credits consumed');
    const listed = await call(billfold, 'GET', `/v1/workspaces/${ws}/credits/transactions?limit=10`, { as: owner });
    expect(listed.json().data.find((e: { id: string }) => e.id === answer.debits[0].id)).toMatchObject({
      description: 'report 1',
      metadata: { reportId: 'r1' },
      actor: { type: 'api_key' },
    });
    expect((await verifyCredits(billfold.deps.db)).mismatches).toEqual([]);
  });

  it('retried whole answers replayed for each debit that went through and debits nothing more', async () => {
    const { ws, apiKey } = await workspaceWithCredits(50);
    const debits = [
      { amount: 20, idempotencyKey: 'r1' }, // 50 − 20 = 30
      { amount: 40, idempotencyKey: 'r2' }, // 40 > 30: refused
      { amount: 30, idempotencyKey: 'r3' }, // 30 − 30 = 0
    ];
    const first = await consumeBatch(ws, apiKey, debits);
    expect(first.json().debits.map((d: { status: string }) => d.status)).toEqual([
      'debited',
      'insufficient_credits',
      'debited',
    ]);
    const ledgerBefore = await ledgerOf(ws);

    const retried = await consumeBatch(ws, apiKey, debits);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    const [r1, r2, r3] = first.json().debits;
    expect(retried.json()).toEqual({
      debits: [
        { ...r1, status: 'replayed' },
        // A refused debit left nothing in the ledger: it is decided again, on the balance there is now.
        { ...r2, balance: 0, message: 'Not enough credits: 40 requested, 0 available. Nothing was debited.' },
        { ...r3, status: 'replayed' },
      ],
      balance: 0,
    });
    expect(await ledgerOf(ws)).toEqual(ledgerBefore);
    expect(await balanceOfWorkspace(ws)).toBe(0);
  });

  it('with an Idempotency-Key header replays the whole first answer, and refuses that key for another batch', async () => {
    const { ws, apiKey } = await workspaceWithCredits(100);
    const debits = [
      { amount: 5, idempotencyKey: 'h1' },
      { amount: 7, idempotencyKey: 'h2' },
    ];
    const first = await consumeBatch(ws, apiKey, debits, 'whole-batch');
    expect(first.statusCode, first.body).toBe(200);
    const again = await consumeBatch(ws, apiKey, debits, 'whole-batch');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json()); // the first answer: "debited", as it was
    const other = await consumeBatch(ws, apiKey, [{ amount: 5, idempotencyKey: 'h3' }], 'whole-batch');
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json().error).toMatchObject({ code: 'idempotency_key_reused', param: 'Idempotency-Key' });
    expect(await balanceOfWorkspace(ws)).toBe(88); // 100 − 5 − 7
  });

  it('answers idempotency_key_reused for a debit whose key debited something else, and goes on with the rest', async () => {
    const { ws, apiKey } = await workspaceWithCredits(100);
    await consumeBatch(ws, apiKey, [{ amount: 10, idempotencyKey: 'k' }]); // 100 − 10 = 90
    const response = await consumeBatch(ws, apiKey, [
      { amount: 20, idempotencyKey: 'k' },
      { amount: 15, idempotencyKey: 'k2' }, // 90 − 15 = 75
    ]);
    expect(response.json().debits).toEqual([
      {
        status: 'idempotency_key_reused',
        idempotencyKey: 'k',
        message: expect.stringContaining('different request'),
      },
      expect.objectContaining({ status: 'debited', idempotencyKey: 'k2', balance: 75 }),
    ]);
    expect(await balanceOfWorkspace(ws)).toBe(75);
  });

  it('counts each debit for the batched credits.consumed event and the day', async () => {
    const { ws, apiKey } = await workspaceWithCredits(1_000);
    await consumeBatch(ws, apiKey, [
      { amount: 10, idempotencyKey: 'e1' },
      { amount: 20, idempotencyKey: 'e2' },
      { amount: 2_000, idempotencyKey: 'e3' }, // refused: not counted
      { amount: 30, idempotencyKey: 'e4' },
    ]);
    await runCreditUpkeep(billfold.deps);
    const events = await billfold.deps.db
      .selectFrom('outbox_event')
      .select('data')
      .where('workspace_id', '=', ws)
      .where('type', '=', 'credits.consumed')
      .execute();
    expect(events.map((e) => e.data)).toEqual([{ object: { credits: 60, debits: 3, balance: 940 } }]);
    const day = await billfold.deps.db
      .selectFrom('credit_usage_day')
      .select(['credits', 'debits'])
      .where('workspace_id', '=', ws)
      .executeTakeFirstOrThrow();
    expect(day).toEqual({ credits: 60, debits: 3 });
  });

  it('sends credits.low_balance once, carrying the debit that crossed the line', async () => {
    const { ws, apiKey } = await workspaceWithCredits(100);
    await billfold.deps.db
      .updateTable('credit_account')
      .set({ low_balance_threshold: 50 })
      .where('workspace_id', '=', ws)
      .execute();
    const response = await consumeBatch(ws, apiKey, [
      { amount: 40, idempotencyKey: 'l1' }, // 60
      { amount: 20, idempotencyKey: 'l2' }, // 40: below 50
      { amount: 30, idempotencyKey: 'l3' }, // 10
    ]);
    const events = await billfold.deps.db
      .selectFrom('outbox_event')
      .select(['type', 'data'])
      .where('workspace_id', '=', ws)
      .where('type', 'in', ['credits.low_balance', 'credits.depleted'])
      .execute();
    expect(events).toEqual([
      {
        type: 'credits.low_balance',
        data: { object: expect.objectContaining({ id: response.json().debits[1].id, balanceAfter: 40 }) },
      },
    ]);
  });
});

describe('concurrent batches on one workspace', () => {
  it('never overdraw: 10 batches of 20 one-credit debits against 150 debit exactly 150', async () => {
    const { ws, apiKey } = await workspaceWithCredits(150);
    const batches = Array.from({ length: 10 }, (_, b) =>
      Array.from({ length: 20 }, (_, i) => ({ amount: 1, idempotencyKey: `c-${b}-${i}` })),
    );
    const answers = await Promise.all(batches.map((debits) => consumeBatch(ws, apiKey, debits)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));
    const results = answers.flatMap((a) => a.json().debits as { status: string; balance: number }[]);
    const debited = results.filter((r) => r.status === 'debited');
    expect(debited).toHaveLength(150);
    expect(results.filter((r) => r.status === 'insufficient_credits')).toHaveLength(50);
    // Every debit left a different balance behind: 149, 148, …, 0.
    expect(new Set(debited.map((r) => r.balance)).size).toBe(150);
    expect(Math.min(...debited.map((r) => r.balance))).toBe(0);
    expect(await balanceOfWorkspace(ws)).toBe(0);
    const ledger = await ledgerOf(ws);
    expect(ledger.filter((e) => e.type === 'debit')).toHaveLength(150);
    expect(ledger.reduce((sum, e) => sum + e.credits, 0)).toBe(0);
    expect((await verifyCredits(billfold.deps.db)).mismatches).toEqual([]);
  });
});

describe('batches of many sizes over grants with different expiries', () => {
  it('record, debit after debit, exactly what the drawdown rule decides on the wallet the ledger describes', async () => {
    // Some batches stay inside the first grant (the one-statement fast path); others span grants, cross the
    // low-balance line, repeat a key or are partly refused (the general path).
    const { ws, apiKey } = await workspaceWithCredits(3_000);
    await grantPromos(billfold, ws, billfold.clock.now().epochMilliseconds, [
      [700, 20],
      [400, 5],
      [900, 40],
    ]);
    const batches = [[5, 120, 1], [333], [90, 410, 2, 7], [650, 44, 1_200], [18, 900, 3, 260], [75, 1_000, 11, 600, 9]];
    const statuses: string[] = [];
    for (const [b, amounts] of batches.entries()) {
      const debits = amounts.map((amount, i) => ({ amount, idempotencyKey: `mix-${b}-${i}` }));
      if (b === 3) debits.push({ amount: 5, idempotencyKey: 'mix-0-0' }); // a replay among fresh debits
      const response = await consumeBatch(ws, apiKey, debits);
      expect(response.statusCode, response.body).toBe(200);
      statuses.push(...response.json().debits.map((d: { status: string }) => d.status));
    }
    expect(statuses).toContain('insufficient_credits');
    expect(statuses).toContain('replayed');

    expect(await expectLedgerFollowsDrawdownRule(billfold, ws)).toBe(await balanceOfWorkspace(ws));
    // A debit sent without metadata has none in the ledger (null, not JSON null), on both paths.
    const withMetadata = await billfold.deps.db
      .selectFrom('credit_transaction')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('metadata', 'is not', null)
      .execute();
    expect(withMetadata).toEqual([]);
    expect((await verifyCredits(billfold.deps.db)).mismatches).toEqual([]);
  });
});

describe('the same batch sent five times at once', () => {
  it('debits once: one answer says debited for each debit, the others replayed, with the same entries', async () => {
    const { ws, apiKey } = await workspaceWithCredits(1_000);
    const debits = Array.from({ length: 10 }, (_, i) => ({ amount: 7, idempotencyKey: `same-${i}` }));
    const answers = await Promise.all(Array.from({ length: 5 }, () => consumeBatch(ws, apiKey, debits)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(5).fill(200));
    const results = answers.map((a) => a.json().debits as { status: string; id: string; balance: number }[]);
    const debitedBy = results.filter((r) => r.every((d) => d.status === 'debited'));
    expect(debitedBy).toHaveLength(1);
    for (const r of results) {
      if (r === debitedBy[0]) continue;
      expect(r.map((d) => d.status)).toEqual(Array(10).fill('replayed'));
      expect(r.map((d) => [d.id, d.balance])).toEqual(debitedBy[0]?.map((d) => [d.id, d.balance]));
    }
    expect(await balanceOfWorkspace(ws)).toBe(930); // 1,000 − 10 × 7
    expect((await ledgerOf(ws)).filter((e) => e.type === 'debit')).toHaveLength(10);
  });
});

describe('a batch refused', () => {
  it.each([
    ['debits', { debits: [] }],
    ['debits', { debits: Array.from({ length: 101 }, (_, i) => ({ amount: 1, idempotencyKey: `x-${i}` })) }],
    [
      'debits.1.amount',
      {
        debits: [
          { amount: 1, idempotencyKey: 'ok' },
          { amount: 0, idempotencyKey: 'zero' },
        ],
      },
    ],
    ['debits.0.amount', { debits: [{ amount: 1.5, idempotencyKey: 'half' }] }],
    ['debits.0.idempotencyKey', { debits: [{ amount: 1 }] }],
    ['debits.0.description', { debits: [{ amount: 1, idempotencyKey: 'd', description: '' }] }],
    ['debits.0.metadata.nested', { debits: [{ amount: 1, idempotencyKey: 'm', metadata: { nested: { no: true } } }] }],
    ['debits.0.colour', { debits: [{ amount: 1, idempotencyKey: 'u', colour: 'red' }] }],
    ['amount', { debits: [{ amount: 1, idempotencyKey: 'a' }], amount: 5 }],
  ])('names %s and changes nothing', async (param, body) => {
    const { ws, apiKey } = await workspaceWithCredits(50);
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/consume`, { as: apiKey, body });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_request', param });
    expect(await balanceOfWorkspace(ws)).toBe(50);
    expect(await ledgerOf(ws)).toHaveLength(1);
  });

  it('with a key twice: 400 naming the second one, and nothing debited', async () => {
    const { ws, apiKey } = await workspaceWithCredits(50);
    const response = await consumeBatch(ws, apiKey, [
      { amount: 1, idempotencyKey: 'p' },
      { amount: 1, idempotencyKey: 'q' },
      { amount: 1, idempotencyKey: 'r' },
      { amount: 2, idempotencyKey: 'q' },
    ]);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_request', param: 'debits.3.idempotencyKey' });
    expect(response.json().error.message).toContain('debits.1');
    expect(await balanceOfWorkspace(ws)).toBe(50);
    expect(await ledgerOf(ws)).toHaveLength(1);
  });

  it('needs what one debit needs: a workspace API key with credits:consume (an owner 403, another scope 403)', async () => {
    const { ws } = await workspaceWithCredits(50);
    const { ws: readOnlyWs, apiKey: readOnly } = await workspaceWithCredits(10, ['billing:read']);
    const debits = [{ amount: 5, idempotencyKey: 'perm' }];
    const single = { amount: 5, description: 'x' };
    const asOwner = await consumeBatch(ws, owner, debits);
    const singleAsOwner = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/consume`, {
      as: owner,
      body: single,
      idempotencyKey: 'perm',
    });
    expect(asOwner.statusCode).toBe(403);
    expect(asOwner.json()).toEqual(singleAsOwner.json());
    const scoped = await consumeBatch(readOnlyWs, readOnly, debits);
    const singleScoped = await call(billfold, 'POST', `/v1/workspaces/${readOnlyWs}/credits/consume`, {
      as: readOnly,
      body: single,
      idempotencyKey: 'perm',
    });
    expect(scoped.statusCode).toBe(403);
    expect(scoped.json()).toEqual(singleScoped.json());
    // Another workspace's key: 404 for both forms, as for one debit.
    const elsewhere = await consumeBatch(ws, readOnly, debits);
    const singleElsewhere = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/consume`, {
      as: readOnly,
      body: single,
      idempotencyKey: 'perm2',
    });
    expect(elsewhere.statusCode).toBe(singleElsewhere.statusCode);
    expect(elsewhere.json()).toEqual(singleElsewhere.json());
    expect(await balanceOfWorkspace(ws)).toBe(50);
  });
});
