// Concurrency, on whichever database the suite runs (on Postgres the requests truly overlap): two seat
// purchases at once both apply and are each charged once; ten subscribe clicks charge once; and three server
// processes running the renewal job against one database renew every subscription exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueRenewals } from '../../../src/jobs/run-due-renewals.ts';
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
let secondProcess: Billfold;
let thirdProcess: Billfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold();
  // Another app on the same database: what a second server process is.
  secondProcess = await billfold.withSettings({});
  thirdProcess = await billfold.withSettings({});
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => {
  await billfold.close();
});

async function workspaceWithCard(name: string): Promise<string> {
  const ws = (await createWorkspaceAs(billfold, owner, name)).id;
  expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
  return ws;
}

/** What the card processor actually charged for this workspace, whatever Billfold recorded. */
async function gatewayCharges(ws: string): Promise<number[]> {
  const rows = await billfold.deps.db
    .selectFrom('sandbox_charge')
    .innerJoin('payment_attempt', 'payment_attempt.id', 'sandbox_charge.idempotency_key')
    .select('sandbox_charge.amount')
    .where('payment_attempt.workspace_id', '=', ws)
    .orderBy('sandbox_charge.created_at')
    .execute();
  return rows.map((r) => Number(r.amount)).sort((a, b) => a - b);
}

describe('at the same moment', () => {
  it('two seat purchases (+2 and +3) both apply and each is charged once', async () => {
    const ws = await workspaceWithCard('Busy Seats');
    const subscribed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'team', seats: 5 },
    });
    expect(subscribed.statusCode).toBe(200);
    const [plusTwo, plusThree] = await Promise.all([
      call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/seats`, { as: owner, body: { add: 2 } }),
      call(secondProcess, 'POST', `/v1/workspaces/${ws}/subscription/seats`, { as: owner, body: { add: 3 } }),
    ]);
    expect(plusTwo.statusCode, plusTwo.body).toBe(200);
    expect(plusThree.statusCode, plusThree.body).toBe(200);
    expect(plusTwo.json().invoice.lines[0].quantity).toBe(2);
    expect(plusThree.json().invoice.lines[0].quantity).toBe(3);

    const summary = (await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner })).json();
    expect(summary.seats.maxUsers).toBe(10);
    expect(summary.nextCharge.amount).toBe(12_000);
    const added = [plusTwo.json().invoice.total, plusThree.json().invoice.total].sort((a, b) => a - b);
    expect(await gatewayCharges(ws)).toEqual([...added, 6000].sort((a, b) => a - b));
  });

  it('ten "Upgrade to Team" clicks make one subscription and one charge', async () => {
    const ws = await workspaceWithCard('Eager Clicker');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(i % 2 ? secondProcess : billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
          as: owner,
          body: { plan: 'team', seats: 3 },
        }),
      ),
    );
    for (const response of responses) expect([200, 409], response.body).toContain(response.statusCode);
    const subscriptions = await billfold.deps.db
      .selectFrom('subscription')
      .select('status')
      .where('workspace_id', '=', ws)
      .execute();
    expect(subscriptions).toEqual([{ status: 'active' }]);
    expect(await gatewayCharges(ws)).toEqual([3600]);
  });
});

describe('the renewal job in three processes at once', () => {
  it('renews each of 30 due subscriptions exactly once', async () => {
    const workspaces: string[] = [];
    for (let i = 0; i < 30; i++) {
      const ws = await workspaceWithCard(`Renewing ${i}`);
      const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
        as: owner,
        body: { plan: 'team', seats: 1 + (i % 3) },
      });
      expect(response.statusCode).toBe(200);
      workspaces.push(ws);
    }
    // Every period above is at most 31 days long.
    billfold.clock.advance({ hours: 24 * 32 });
    const runs = await Promise.all([
      runDueRenewals(billfold.deps),
      runDueRenewals(secondProcess.deps),
      runDueRenewals(thirdProcess.deps),
    ]);
    // Also the subscriptions of the tests above: every one renewed once, by one process or another.
    expect(runs.reduce((sum, run) => sum + run.renewed, 0)).toBe(32);
    for (const [i, ws] of workspaces.entries()) {
      const amount = 1200 * (1 + (i % 3));
      expect(await gatewayCharges(ws)).toEqual([amount, amount]);
    }
    // Nothing is left due, so running again renews nothing.
    expect(await runDueRenewals(billfold.deps)).toEqual({ renewed: 0, retried: 0 });
  });

  it('renews each of 300 due subscriptions exactly once, however the claims interleave', async () => {
    // Written straight into the tables (no card: each renewal issues its invoice and goes past due), so there
    // are enough due rows for the processes' claims to race.
    const now = billfold.clock.now();
    const start = new Date(now.epochMilliseconds - 40 * 86_400_000);
    const end = new Date(now.epochMilliseconds - 10 * 86_400_000);
    const price = JSON.stringify({
      planId: 'team',
      planName: 'Team',
      tierId: null,
      tierName: null,
      interval: 'month',
      currency: 'usd',
      unitAmount: 1200,
      perSeat: true,
      creditsPerPeriod: 0,
      catalogVersion: 1,
    });
    const ids = Array.from({ length: 300 }, (_, i) => `race-${i}`);
    const db = billfold.deps.db;
    await db
      .insertInto('organization')
      .values(ids.map((id) => ({ id, name: id, slug: id, logo: null, createdAt: start, metadata: null })))
      .execute();
    await db
      .insertInto('workspace_billing')
      .values(ids.map((id) => ({ workspace_id: id, plan_id: 'team', max_users: 1 })))
      .execute();
    await db
      .insertInto('subscription')
      .values(
        ids.map((id) => ({
          id: `sub-${id}`,
          workspace_id: id,
          status: 'active' as const,
          price,
          seats: 1,
          anchor: start,
          period_index: 0,
          current_period_start: start,
          current_period_end: end,
          ends_with_plan_id: null,
          scheduled_change: null,
          past_due_since: null,
          next_retry_at: null,
          dunning_invoice_id: null,
          created_at: start,
          canceled_at: null,
        })),
      )
      .execute();

    const runs = await Promise.all([
      runDueRenewals(billfold.deps),
      runDueRenewals(secondProcess.deps),
      runDueRenewals(thirdProcess.deps),
    ]);
    expect(runs.reduce((sum, run) => sum + run.renewed, 0)).toBe(300);
    const perSubscription = await db
      .selectFrom('invoice')
      .select(['subscription_id', (eb) => eb.fn.countAll<number>().as('invoices')])
      .where('subscription_id', 'like', 'sub-race-%')
      .groupBy('subscription_id')
      .execute();
    expect(perSubscription).toHaveLength(300);
    expect(new Set(perSubscription.map((row) => Number(row.invoices)))).toEqual(new Set([1]));
  });
});
