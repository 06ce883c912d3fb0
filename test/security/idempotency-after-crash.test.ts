// An Idempotency-Key whose request reached a side effect is never run twice (issue "Close the holes", item 1):
// a retry after the server died between commit and answer, or after a 503 that followed the commit, gets the
// outcome of the first run — one invoice, one charge, the credits once. Keys are per workspace, and a refusal of
// the input inside a use case does not use the key up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverPendingPayments } from '../../src/billing/payments/recover-pending-payments.ts';
import type { Billfold } from '../../src/server.ts';
import { addCard, testCards } from '../support/billing-fixtures.ts';
import { crashingGateway } from '../support/crashing-gateway.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

const crashes = crashingGateway();
// A run that has not answered for 5 seconds counts as abandoned (5 minutes unless configured).
const abandonedAfterSeconds = 5;

let billfold: TestBillfold;
/** The server started again on the same database after the first one was killed. */
let restarted: Billfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold(
    { BILLFOLD_IDEMPOTENCY_ABANDONED_AFTER_SECONDS: String(abandonedAfterSeconds) },
    { gateway: crashes.wrap },
  );
  restarted = await billfold.withSettings({});
  owner = await signUp(billfold, 'owner');
});
afterAll(() => billfold.close());

async function workspaceWithCard(plan: Record<string, unknown>): Promise<string> {
  const ws = (await createWorkspaceAs(billfold, owner, 'Crash Retry')).id;
  expect((await addCard(billfold, owner, ws, testCards.succeeds, true)).statusCode).toBe(201);
  const subscribed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: plan });
  expect(subscribed.statusCode, subscribed.body).toBe(200);
  return ws;
}

async function invoicesOf(app: Billfold, ws: string) {
  const response = await call(app, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
  expect(response.statusCode).toBe(200);
  return (response.json().data as { id: string; total: number; status: string }[]).map((i) => ({
    id: i.id,
    total: i.total,
    status: i.status,
  }));
}

async function chargesOf(ws: string): Promise<number[]> {
  const rows = await billfold.deps.db
    .selectFrom('sandbox_charge')
    .innerJoin('payment_attempt', 'payment_attempt.id', 'sandbox_charge.idempotency_key')
    .select('sandbox_charge.amount')
    .where('payment_attempt.workspace_id', '=', ws)
    .orderBy('sandbox_charge.created_at')
    .execute();
  return rows.map((r) => Number(r.amount));
}

async function balanceOf(ws: string): Promise<number> {
  return (await call(restarted, 'GET', `/v1/workspaces/${ws}/credits`, { as: owner })).json().balance;
}

/** Waits until the killed server's first transaction is visible: then it "dies" in the gateway call. */
async function untilCommitted(check: () => Promise<boolean>) {
  for (let i = 0; i < 200 && !(await check()); i += 1) await new Promise((r) => setTimeout(r, 25));
  expect(await check()).toBe(true);
}

function afterAbandonment() {
  billfold.clock.advance({ seconds: abandonedAfterSeconds + 1 });
}

describe('a credit purchase whose server is killed between commit and answer', () => {
  it('is settled once by the recovery job, and a retry after the abandonment window answers it: one charge', async () => {
    const ws = await workspaceWithCard({ plan: 'flex' });
    const before = await invoicesOf(billfold, ws);
    crashes.crashNext({ when: 'process_dies' });
    const purchase = { as: owner, body: { credits: 1086 }, idempotencyKey: 'buy-1086' };
    // The first server never answers this one.
    void call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, purchase);
    await untilCommitted(async () => (await invoicesOf(billfold, ws)).length > before.length);

    const tooSoon = await call(restarted, 'POST', `/v1/workspaces/${ws}/credits/purchases`, purchase);
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json().error.code).toBe('idempotency_key_in_progress');

    billfold.clock.advance({ minutes: 3 }); // past the recovery job's grace period
    expect((await recoverPendingPayments(restarted.deps)).settled).toBe(1);
    // 1,086 credits at $10.00 per 1,000 = $10.86, charged once
    expect(await chargesOf(ws)).toEqual([1086]);
    expect(await balanceOf(ws)).toBe(1086);

    afterAbandonment();
    const retried = await call(restarted, 'POST', `/v1/workspaces/${ws}/credits/purchases`, purchase);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().purchase).toMatchObject({ credits: 1086, status: 'granted' });
    expect(retried.json().invoice).toMatchObject({ total: 1086, status: 'paid' });
    expect(retried.json().credits.balance).toBe(1086);
    const again = await call(restarted, 'POST', `/v1/workspaces/${ws}/credits/purchases`, purchase);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(retried.json());

    expect(await chargesOf(ws)).toEqual([1086]);
    expect(await balanceOf(ws)).toBe(1086);
    const after = await invoicesOf(restarted, ws);
    expect(after.filter((i) => !before.some((b) => b.id === i.id))).toEqual([
      { id: retried.json().invoice.id, total: 1086, status: 'paid' },
    ]);
  });

  it('a retry after the window but before the recovery job finishes the charge itself, once', async () => {
    const ws = await workspaceWithCard({ plan: 'flex' });
    crashes.crashNext({ when: 'process_dies' });
    const purchase = { as: owner, body: { pack: 'credits_5000' }, idempotencyKey: 'buy-5000' };
    void call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, purchase);
    await untilCommitted(async () => (await invoicesOf(billfold, ws)).some((i) => i.total === 4500));

    afterAbandonment();
    const retried = await call(restarted, 'POST', `/v1/workspaces/${ws}/credits/purchases`, purchase);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().purchase).toMatchObject({ credits: 5000, status: 'granted' });
    billfold.clock.advance({ minutes: 3 });
    await recoverPendingPayments(restarted.deps);
    // 5,000-credit pack: $45.00, once
    expect(await chargesOf(ws)).toEqual([4500]);
    expect(await balanceOf(ws)).toBe(5000);
  });
});

describe('a credit purchase answered 503 after its pending payment was committed', () => {
  it('a retry with the same key at once finishes that purchase instead of buying again', async () => {
    const ws = await workspaceWithCard({ plan: 'flex' });
    crashes.crashNext({ when: 'before_charge' });
    const purchase = { as: owner, body: { credits: 2000 }, idempotencyKey: 'buy-2000' };
    const unavailable = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, purchase);
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.json().error.code).toBe('gateway_unavailable');

    const retried = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, purchase);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().purchase).toMatchObject({ credits: 2000, status: 'granted' });
    billfold.clock.advance({ minutes: 3 });
    await recoverPendingPayments(billfold.deps);
    // 2,000 credits at $10.00 per 1,000 = $20.00, once
    expect(await chargesOf(ws)).toEqual([2000]);
    expect(await balanceOf(ws)).toBe(2000);
    expect((await invoicesOf(billfold, ws)).filter((i) => i.total === 2000)).toHaveLength(1);
  });
});

describe('seats added by a request whose server is killed between commit and answer', () => {
  it('are bought once: the retry after the window answers the same invoice', async () => {
    const ws = await workspaceWithCard({ plan: 'team', seats: 2 });
    crashes.crashNext({ when: 'process_dies' });
    const add = { as: owner, body: { add: 3 }, idempotencyKey: 'add-3' };
    void call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/seats`, add);
    await untilCommitted(async () => (await invoicesOf(billfold, ws)).length === 2);

    afterAbandonment();
    const retried = await call(restarted, 'POST', `/v1/workspaces/${ws}/subscription/seats`, add);
    expect(retried.statusCode, retried.body).toBe(200);
    const again = await call(restarted, 'POST', `/v1/workspaces/${ws}/subscription/seats`, add);
    expect(again.headers['idempotent-replayed']).toBe('true');
    billfold.clock.advance({ minutes: 3 });
    await recoverPendingPayments(restarted.deps);

    // 3 seats for the whole period (no time has passed since subscribing) × $12.00 = $36.00
    expect(retried.json().invoice).toMatchObject({ total: 3600, status: 'paid' });
    const invoices = await invoicesOf(restarted, ws);
    expect(invoices.map((i) => i.total).sort()).toEqual([2400, 3600]); // the subscription's and the seats'
    const summary = (await call(restarted, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner })).json();
    expect(summary.seats.maxUsers).toBe(5); // 2 + 3, added once
    // 2 seats × $12.00 = $24.00 at subscribe, then the 3 seats' $36.00, each charged once
    expect(await chargesOf(ws)).toEqual([2400, 3600]);
  });
});

describe('a one-off invoice whose server stopped between commit and answer', () => {
  it('is issued once: the retry after the window answers that invoice', async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'One-off')).id;
    const issue = {
      as: owner,
      body: { lines: [{ description: 'Onboarding workshop', quantity: 1, unitAmount: 50000 }] },
      idempotencyKey: 'workshop',
    };
    const first = await call(billfold, 'POST', `/v1/workspaces/${ws}/invoices`, issue);
    expect(first.statusCode).toBe(201);
    // What a server killed after the commit leaves: the key marked committed, no answer kept.
    await billfold.deps.db
      .updateTable('idempotency_record')
      .set({ state: 'committed', response_status: null, response_body: null, completed_at: null })
      .where('idempotency_key', '=', 'workshop')
      .execute();

    const tooSoon = await call(restarted, 'POST', `/v1/workspaces/${ws}/invoices`, issue);
    expect(tooSoon.statusCode).toBe(409);
    afterAbandonment();
    const retried = await call(restarted, 'POST', `/v1/workspaces/${ws}/invoices`, issue);
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.json().id).toBe(first.json().id);
    expect(retried.json().number).toBe(first.json().number);
    expect(await invoicesOf(restarted, ws)).toEqual([{ id: first.json().id, total: 50000, status: 'open' }]);
  });

  it('a route that cannot resume says the request was carried out rather than running it again', async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'Invites')).id;
    const invite = { as: owner, body: { email: 'once-only@example.test' }, idempotencyKey: 'invite-once' };
    expect((await call(billfold, 'POST', `/v1/workspaces/${ws}/invites`, invite)).statusCode).toBe(201);
    await billfold.deps.db
      .updateTable('idempotency_record')
      .set({ state: 'committed', response_status: null, response_body: null, completed_at: null })
      .where('idempotency_key', '=', 'invite-once')
      .execute();
    afterAbandonment();
    const retried = await call(restarted, 'POST', `/v1/workspaces/${ws}/invites`, invite);
    expect(retried.statusCode).toBe(409);
    expect(retried.json().error).toMatchObject({ code: 'idempotency_key_unanswered', param: 'Idempotency-Key' });
    const invites = (await call(restarted, 'GET', `/v1/workspaces/${ws}/invites`, { as: owner })).json().data;
    expect(invites.map((i: { email: string }) => i.email)).toEqual(['once-only@example.test']);
  });
});

describe('whose key it is', () => {
  it('the same key in two workspaces of one user is two requests', async () => {
    const a = (await createWorkspaceAs(billfold, owner, 'Key A')).id;
    const b = (await createWorkspaceAs(billfold, owner, 'Key B')).id;
    const body = { email: 'same-key@example.test' };
    const first = await call(billfold, 'POST', `/v1/workspaces/${a}/invites`, { as: owner, body, idempotencyKey: 'k' });
    const second = await call(billfold, 'POST', `/v1/workspaces/${b}/invites`, {
      as: owner,
      body,
      idempotencyKey: 'k',
    });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    const invitesOfB = (await call(billfold, 'GET', `/v1/workspaces/${b}/invites`, { as: owner })).json().data;
    expect(invitesOfB).toHaveLength(1);
  });

  it('a plan refused inside the use case (400) does not use the key up', async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'Unknown plan')).id;
    expect((await addCard(billfold, owner, ws, testCards.succeeds, true)).statusCode).toBe(201);
    const unknown = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'platinum' },
      idempotencyKey: 'choose-plan',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.param).toBe('plan');
    const team = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'team', seats: 1 },
      idempotencyKey: 'choose-plan',
    });
    expect(team.statusCode, team.body).toBe(200);
    expect(team.json().subscription.status).toBe('active');
  });
});
