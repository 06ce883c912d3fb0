// Crashes around a subscription's charge: the change, its invoice and its pending attempt are written together,
// so an interrupted upgrade or renewal is finished by the recovery job, charged once, never lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverPendingPayments } from '../../../src/billing/payments/recover-pending-payments.ts';
import { runDueRenewals } from '../../../src/jobs/run-due-renewals.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import { crashingGateway } from '../../support/crashing-gateway.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';

const crashes = crashingGateway();

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold({}, { gateway: crashes.wrap });
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => {
  await billfold.close();
});

async function workspaceWithCard(): Promise<string> {
  const ws = (await createWorkspaceAs(billfold, owner, 'Crashy')).id;
  expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
  return ws;
}

async function gatewayCharges(ws: string): Promise<number[]> {
  const rows = await billfold.deps.db
    .selectFrom('sandbox_charge')
    .innerJoin('payment_attempt', 'payment_attempt.id', 'sandbox_charge.idempotency_key')
    .select('sandbox_charge.amount')
    .where('payment_attempt.workspace_id', '=', ws)
    .execute();
  return rows.map((r) => Number(r.amount));
}

async function summary(ws: string) {
  return (await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner })).json();
}

/** Past the recovery job's grace period, so it takes stranded attempts. */
function pastGracePeriod() {
  billfold.clock.advance({ minutes: 3 });
}

describe('a crash in the middle of a subscription charge', () => {
  it('after the upgrade was charged: the job applies it, with the one charge already made', async () => {
    const ws = await workspaceWithCard();
    crashes.crashNext({ when: 'after_charge', amount: 2400 });
    const crashed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'team', seats: 2 },
    });
    expect(crashed.statusCode).toBe(503);
    expect((await summary(ws)).plan.id).toBe('free');
    // Clicking again meanwhile does not charge a second time.
    const again = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'team', seats: 2 },
    });
    expect(again.statusCode).toBe(409);
    expect(await gatewayCharges(ws)).toEqual([2400]);

    pastGracePeriod();
    expect((await recoverPendingPayments(billfold.deps)).settled).toBeGreaterThanOrEqual(1);
    const after = await summary(ws);
    expect(after.plan).toMatchObject({ id: 'team', interval: 'month' });
    expect(after.seats.maxUsers).toBe(2);
    expect(await gatewayCharges(ws)).toEqual([2400]);
  });

  it('on a workspace whose test clock is years ahead: the job still finds and settles the attempt', async () => {
    const ws = await workspaceWithCard();
    const clock = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock`, {
      as: owner,
      body: { frozenTime: '2031-06-01T00:00:00Z' },
    });
    expect(clock.statusCode).toBe(201);
    crashes.crashNext({ when: 'before_charge', amount: 6000 });
    const crashed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'team', seats: 5 },
    });
    expect(crashed.statusCode).toBe(503);
    pastGracePeriod();
    await recoverPendingPayments(billfold.deps);
    expect(await gatewayCharges(ws)).toEqual([6000]);
    const after = await summary(ws);
    expect(after.plan.id).toBe('team');
    expect(after.subscription.currentPeriodStart).toBe('2031-06-01T00:00:00.000Z');
  });

  it('before a renewal charge reached the gateway: the period advanced once, and the job charges it once', async () => {
    const ws = await workspaceWithCard();
    await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: { plan: 'team', seats: 3 } });
    const periodEnd = (await summary(ws)).subscription.currentPeriodEnd;
    billfold.clock.advance({ hours: 24 * 32 });

    crashes.crashNext({ when: 'before_charge', amount: 3600 });
    expect((await runDueRenewals(billfold.deps)).renewed).toBeGreaterThanOrEqual(1);
    const renewed = await summary(ws);
    expect(renewed.subscription.currentPeriodStart).toBe(periodEnd);
    expect(await gatewayCharges(ws)).toEqual([3600]);
    // The renewal is not run again for the same period.
    expect((await runDueRenewals(billfold.deps)).renewed).toBe(0);

    pastGracePeriod();
    await recoverPendingPayments(billfold.deps);
    expect(await gatewayCharges(ws)).toEqual([3600, 3600]);
    const invoices = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
    expect(invoices.json().data.map((i: { status: string }) => i.status)).toEqual(['paid', 'paid']);
    expect((await summary(ws)).subscription.status).toBe('active');
  });
});
