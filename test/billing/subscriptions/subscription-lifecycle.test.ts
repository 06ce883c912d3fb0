// A Team subscription's whole life through a test clock and the API, with every invoice amount worked by hand:
// subscribe → add seats mid-period → cancel → resume → renew → the card starts failing → past due → four
// retries on days 1, 3, 5, 7 → canceled to Free.
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
let ws: string;

beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
  ws = (await createWorkspaceAs(billfold, owner, 'Lifecycle Ltd')).id;
  expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
  const clock = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock`, {
    as: owner,
    body: { frozenTime: '2027-03-01T00:00:00Z' },
  });
  expect(clock.statusCode, clock.body).toBe(201);
});
afterAll(async () => {
  await billfold.close();
});

async function summary() {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function advance(to: string) {
  const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock/advance`, { as: owner, body: { to } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { frozenTime: string; steps: { at: string; kind: string; result: string }[] };
}

async function invoices() {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
  return (
    response.json().data as { total: number; status: string; lines: { description: string; amount: number }[] }[]
  ).map((i) => `${i.total} ${i.status}`);
}

describe('a Team subscription from first charge to cancellation for non-payment', () => {
  it('subscribes to Team monthly with 2 seats: $24.00 charged now, period Mar 1 → Apr 1', async () => {
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'team', interval: 'month', seats: 2 },
    });
    expect(response.statusCode, response.body).toBe(200);
    const { subscription, invoice } = response.json();
    expect(invoice).toMatchObject({ total: 2400, status: 'paid' });
    expect(invoice.lines).toEqual([
      expect.objectContaining({
        description: 'Team (monthly) — per seat',
        quantity: 2,
        unitAmount: 1200,
        amount: 2400,
      }),
    ]);
    expect(subscription).toMatchObject({
      status: 'active',
      plan: { id: 'team' },
      seats: 2,
      currentPeriodStart: '2027-03-01T00:00:00.000Z',
      currentPeriodEnd: '2027-04-01T00:00:00.000Z',
    });
    const page = await summary();
    expect(page.plan).toMatchObject({ id: 'team', name: 'Team', interval: 'month' });
    expect(page.seats.maxUsers).toBe(2);
    expect(page.nextCharge).toEqual({ amount: 2400, currency: 'usd', date: '2027-04-01T00:00:00.000Z' });
  });

  it('adds 2 seats half-way through March (15.5 of 31 days left): 2 × $12 × ½ = $12.00', async () => {
    await advance('2027-03-16T12:00:00Z');
    const preview = await call(billfold, 'GET', `/v1/workspaces/${ws}/subscription/preview?plan=team&seats=4`, {
      as: owner,
    });
    expect(preview.json()).toMatchObject({ effective: 'now', amountDue: 1200, nextCharge: { amount: 4800 } });
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/seats`, {
      as: owner,
      body: { seats: 4 },
    });
    expect(response.statusCode, response.body).toBe(200);
    const { subscription, invoice } = response.json();
    expect(invoice).toMatchObject({ total: 1200, status: 'paid' });
    expect(invoice.lines[0]).toMatchObject({ quantity: 2, unitAmount: 1200, amount: 1200, proration: true });
    expect(subscription.seats).toBe(4);
    const page = await summary();
    expect(page.seats.maxUsers).toBe(4);
    expect(page.nextCharge).toEqual({ amount: 4800, currency: 'usd', date: '2027-04-01T00:00:00.000Z' });
  });

  it('cancels (active until Apr 1, no next charge), then resumes', async () => {
    const canceled = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/cancel`, { as: owner });
    expect(canceled.statusCode, canceled.body).toBe(200);
    expect(canceled.json().subscription).toMatchObject({
      cancelAtPeriodEnd: true,
      activeUntil: '2027-04-01T00:00:00.000Z',
    });
    expect((await summary()).nextCharge).toBeNull();

    const resumed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/resume`, { as: owner });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json().subscription).toMatchObject({ cancelAtPeriodEnd: false, activeUntil: null });
    expect((await summary()).nextCharge).toMatchObject({ amount: 4800 });
  });

  it('renews on Apr 1 for 4 seats: $48.00, period Apr 1 → May 1', async () => {
    const { steps } = await advance('2027-04-10T00:00:00Z');
    expect(steps).toEqual([
      { at: '2027-04-01T00:00:00.000Z', kind: 'renewal', invoiceId: expect.any(String), result: 'paid' },
    ]);
    const page = await summary();
    expect(page.subscription).toMatchObject({
      status: 'active',
      currentPeriodStart: '2027-04-01T00:00:00.000Z',
      currentPeriodEnd: '2027-05-01T00:00:00.000Z',
    });
    expect(await invoices()).toEqual(['4800 paid', '1200 paid', '2400 paid']);
  });

  it('with a card that fails, goes past due on May 1 and is canceled to Free after the day-7 retry', async () => {
    expect((await addCard(billfold, owner, ws, testCards.chargesFail, true)).statusCode).toBe(201);

    const renewal = await advance('2027-05-01T12:00:00Z');
    expect(renewal.steps).toEqual([
      expect.objectContaining({ at: '2027-05-01T00:00:00.000Z', kind: 'renewal', result: 'failed' }),
    ]);
    const pastDue = await summary();
    expect(pastDue.subscription).toMatchObject({
      status: 'past_due',
      pastDue: {
        amount: 4800,
        nextRetryAt: '2027-05-02T00:00:00.000Z',
        failureMessage: expect.stringMatching(/declined/i),
      },
    });
    expect(pastDue.plan.id).toBe('team');

    const retries = await advance('2027-05-20T00:00:00Z');
    expect(retries.steps.map((s) => `${s.at.slice(0, 10)} ${s.kind} ${s.result}`)).toEqual([
      '2027-05-02 dunning_retry failed',
      '2027-05-04 dunning_retry failed',
      '2027-05-06 dunning_retry failed',
      '2027-05-08 dunning_retry failed',
    ]);
    const ended = await summary();
    expect(ended.subscription).toBeNull();
    expect(ended.plan).toMatchObject({ id: 'free', interval: null });
    expect(ended.seats).toMatchObject({ activeUsers: 1, maxUsers: 3 });
    expect(ended.nextCharge).toBeNull();
    expect(await invoices()).toEqual(['4800 uncollectible', '4800 paid', '1200 paid', '2400 paid']);
  });

  it('wrote every step to the outbox, in order', async () => {
    const events = await billfold.deps.db
      .selectFrom('outbox_event')
      .select('type')
      .where('workspace_id', '=', ws)
      .where('type', 'like', 'subscription.%')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'subscription.created',
      'subscription.updated', // canceled at the period end
      'subscription.updated', // resumed
      'subscription.updated', // renewed on Apr 1
      'subscription.updated', // renewed on May 1
      'subscription.updated', // past due
      'subscription.canceled',
    ]);
    const seats = await billfold.deps.db
      .selectFrom('outbox_event')
      .select('data')
      .where('workspace_id', '=', ws)
      .where('type', '=', 'seats.updated')
      .execute();
    expect(seats.map((e) => (e.data as { object: { seats: number } }).object.seats)).toEqual([4]);
  });
});
