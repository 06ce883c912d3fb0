// Changing plans through the API, on test clocks, with amounts worked by hand: an upgrade prorated to the
// second, a declined card that changes nothing, a downgrade and a seat decrease that wait for the renewal, a
// card that needs the bank's confirmation, a longer interval, Flex at the period end, and prices kept from
// the catalog version a subscription was bought at.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueRenewals } from '../../../src/jobs/run-due-renewals.ts';
import { addCard, testCards, workspaceOnTestClock } from '../../support/billing-fixtures.ts';
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

/** A workspace with a card, on a test clock frozen at `frozenTime`. */
function workspaceAt(frozenTime: string, card: string | null = testCards.succeeds): Promise<string> {
  return workspaceOnTestClock(billfold, owner, frozenTime, { name: 'Plans Inc', card });
}

function subscribe(ws: string, body: Record<string, unknown>) {
  return call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body });
}

async function advance(ws: string, to: string) {
  const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock/advance`, { as: owner, body: { to } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { steps: { at: string; kind: string; result: string }[] };
}

async function summary(ws: string) {
  return (await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner })).json();
}

async function invoiceTotals(ws: string): Promise<string[]> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
  return response.json().data.map((i: { total: number; status: string }) => `${i.total} ${i.status}`);
}

describe('an upgrade', () => {
  it('Team (3 seats) → Pro Starter with 10 of 30 days left: −$12.00 unused + $16.33 remaining = $4.33 now', async () => {
    // April 2027 has 30 days. Team: 3 × $12 = $36; Pro Starter $49. At Apr 21, 10/30 of the period is left:
    // credit −3600 × 10/30 = −1200; charge 4900 × 10/30 = 1633.33… → 1633; total 433.
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    expect((await subscribe(ws, { plan: 'team', seats: 3 })).json().invoice.total).toBe(3600);
    await advance(ws, '2027-04-21T00:00:00Z');

    const preview = await call(billfold, 'GET', `/v1/workspaces/${ws}/subscription/preview?plan=pro&tier=starter`, {
      as: owner,
    });
    expect(preview.json()).toMatchObject({ effective: 'now', amountDue: 433, nextCharge: { amount: 4900 } });

    const response = await subscribe(ws, { plan: 'pro', tier: 'starter' });
    expect(response.statusCode, response.body).toBe(200);
    const { invoice, subscription } = response.json();
    expect(invoice.lines.map((l: { description: string; amount: number }) => [l.description, l.amount])).toEqual([
      ['Unused time on Team (monthly) — per seat', -1200],
      ['Remaining time on Pro Starter (monthly)', 1633],
    ]);
    expect(invoice).toMatchObject({ total: 433, status: 'paid' });
    expect(subscription).toMatchObject({ plan: { id: 'pro' }, tier: { id: 'starter' }, seats: null });
    const after = await summary(ws);
    expect(after.plan).toEqual({ id: 'pro', name: 'Pro', tier: { id: 'starter', name: 'Starter' }, interval: 'month' });
    expect(after.seats.maxUsers).toBe(25);
    expect(after.nextCharge).toEqual({ amount: 4900, currency: 'usd', date: '2027-05-01T00:00:00.000Z' });
  });

  it('monthly → yearly starts a new yearly period now: the unused month is credited, a whole year charged', async () => {
    // Team 2 seats monthly from Jun 1 (30 days); on Jun 16 half is left: −2400 × ½ = −1200; 2 × $120 = 24000.
    const ws = await workspaceAt('2027-06-01T00:00:00Z');
    await subscribe(ws, { plan: 'team', seats: 2 });
    await advance(ws, '2027-06-16T00:00:00Z');
    const response = await subscribe(ws, { plan: 'team', interval: 'year' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().invoice).toMatchObject({ total: 22800, status: 'paid' });
    expect(response.json().subscription).toMatchObject({
      interval: 'year',
      currentPeriodStart: '2027-06-16T00:00:00.000Z',
      currentPeriodEnd: '2028-06-16T00:00:00.000Z',
    });
  });

  it('declined: 402 with the card’s reason, the workspace stays on its plan and the invoice is void', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z', testCards.chargesFail);
    const response = await subscribe(ws, { plan: 'team', seats: 2 });
    expect(response.statusCode).toBe(402);
    expect(response.json().error).toMatchObject({
      code: 'payment_failed',
      message: expect.stringMatching(/declined.*Nothing was changed/i),
    });
    const after = await summary(ws);
    expect(after.plan.id).toBe('free');
    expect(after.subscription).toBeNull();
    expect(after.seats.maxUsers).toBe(3);
    expect(await invoiceTotals(ws)).toEqual(['2400 void']);
    // The workspace can still subscribe once it has a working card.
    expect((await addCard(billfold, owner, ws, testCards.succeeds, true)).statusCode).toBe(201);
    expect((await subscribe(ws, { plan: 'team', seats: 2 })).json().subscription.status).toBe('active');
  });

  it('without a card is refused before anything is written', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z', null);
    const response = await subscribe(ws, { plan: 'team' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('payment_method_required');
    expect(await invoiceTotals(ws)).toEqual([]);
    expect((await summary(ws)).plan.id).toBe('free');
  });

  it('with a card that needs the bank’s confirmation applies only once it is confirmed and paid', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z', testCards.requiresAuthentication);
    const response = await subscribe(ws, { plan: 'team', seats: 2 });
    expect(response.statusCode, response.body).toBe(200);
    const { invoice } = response.json();
    expect(invoice.payment).toMatchObject({
      status: 'requires_action',
      nextActionUrl: expect.stringContaining('/confirm'),
    });
    expect((await summary(ws)).plan.id).toBe('free');
    // Another change meanwhile is refused, naming the invoice to settle.
    const meanwhile = await subscribe(ws, { plan: 'pro', tier: 'starter' });
    expect(meanwhile.statusCode).toBe(409);
    expect(meanwhile.json().error.message).toContain(invoice.number);

    await billfold.app.inject({ method: 'POST', url: new URL(invoice.payment.nextActionUrl).pathname });
    const paid = await call(billfold, 'POST', `/v1/workspaces/${ws}/invoices/${invoice.id}/pay`, { as: owner });
    expect(paid.json().status).toBe('paid');
    const after = await summary(ws);
    expect(after.plan).toMatchObject({ id: 'team', interval: 'month' });
    expect(after.subscription.status).toBe('active');
  });
});

describe('past due', () => {
  it('shows the reason, and paying the open invoice with another card makes it active again', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    await subscribe(ws, { plan: 'team', seats: 2 });
    const goodCard = (await call(billfold, 'GET', `/v1/workspaces/${ws}/payment-methods`, { as: owner })).json().data[0]
      .id;
    expect((await addCard(billfold, owner, ws, testCards.chargesFail, true)).statusCode).toBe(201);
    await advance(ws, '2027-05-01T06:00:00Z');
    const pastDue = (await summary(ws)).subscription;
    expect(pastDue).toMatchObject({
      status: 'past_due',
      pastDue: { amount: 2400, failureMessage: 'Your card was declined.' },
    });

    expect(
      (await call(billfold, 'POST', `/v1/workspaces/${ws}/payment-methods/${goodCard}/default`, { as: owner }))
        .statusCode,
    ).toBe(200);
    const retried = await call(billfold, 'POST', `/v1/workspaces/${ws}/invoices/${pastDue.pastDue.invoiceId}/pay`, {
      as: owner,
    });
    expect(retried.json()).toMatchObject({ status: 'paid', total: 2400, paymentMethod: { last4: '4242' } });
    const after = await summary(ws);
    expect(after.subscription).toMatchObject({ status: 'active', pastDue: null });
    expect(after.nextCharge).toEqual({ amount: 2400, currency: 'usd', date: '2027-06-01T00:00:00.000Z' });
    // No retry is left scheduled: advancing past the old retry days charges nothing more.
    expect((await advance(ws, '2027-05-20T00:00:00Z')).steps).toEqual([]);
    expect(await invoiceTotals(ws)).toEqual(['2400 paid', '2400 paid']);
  });
});

describe('changes that wait for the renewal', () => {
  it('Pro Growth → Starter is scheduled, shown, and billed at the renewal', async () => {
    // Growth starts with its 14-day trial (config/plans.json): Apr 1 – Apr 15, then $199.00 a month from Apr 15.
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    expect((await subscribe(ws, { plan: 'pro', tier: 'growth' })).json().invoice).toBeNull();
    await advance(ws, '2027-04-16T00:00:00Z');
    expect(await invoiceTotals(ws)).toEqual(['19900 paid']);
    const response = await subscribe(ws, { plan: 'pro', tier: 'starter' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().invoice).toBeNull();
    const scheduled = await summary(ws);
    expect(scheduled.plan.tier).toEqual({ id: 'growth', name: 'Growth' });
    expect(scheduled.subscription.scheduledChange).toMatchObject({
      plan: { id: 'pro' },
      tier: { id: 'starter' },
      effectiveAt: '2027-05-15T00:00:00.000Z',
    });
    expect(scheduled.nextCharge).toMatchObject({ amount: 4900, date: '2027-05-15T00:00:00.000Z' });

    await advance(ws, '2027-05-16T00:00:00Z');
    const renewed = await summary(ws);
    expect(renewed.plan.tier).toEqual({ id: 'starter', name: 'Starter' });
    expect(renewed.subscription.scheduledChange).toBeNull();
    expect(await invoiceTotals(ws)).toEqual(['4900 paid', '19900 paid']);
  });

  it('fewer seats: not below members + pending invites, else from the renewal on', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    await subscribe(ws, { plan: 'team', seats: 5 });
    const invite = await call(billfold, 'POST', `/v1/workspaces/${ws}/invites`, {
      as: owner,
      body: { email: 'new-hire@example.test', role: 'member' },
    });
    expect(invite.statusCode).toBe(201);

    const tooFew = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/seats`, {
      as: owner,
      body: { seats: 1 },
    });
    expect(tooFew.statusCode).toBe(409);
    expect(tooFew.json().error).toMatchObject({ code: 'seats_below_usage', param: 'seats' });
    expect(tooFew.json().error.message).toContain('choose at least 2');

    const fewer = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/seats`, {
      as: owner,
      body: { seats: 2 },
    });
    expect(fewer.statusCode, fewer.body).toBe(200);
    expect(fewer.json().invoice).toBeNull();
    const before = await summary(ws);
    expect(before.seats.maxUsers).toBe(5);
    expect(before.subscription.scheduledChange).toMatchObject({ seats: 2 });
    expect(before.nextCharge.amount).toBe(2400);

    await advance(ws, '2027-05-01T01:00:00Z');
    const after = await summary(ws);
    expect(after.seats.maxUsers).toBe(2);
    expect(await invoiceTotals(ws)).toEqual(['2400 paid', '6000 paid']);
  });

  it('Flex: the subscription ends at the period end and the workspace lands on Flex', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    await subscribe(ws, { plan: 'team', seats: 2 });
    const response = await subscribe(ws, { plan: 'flex' });
    // A scheduled change to Flex, not a cancel (issue 13, defect 2: this test used to assert the cancel).
    expect(response.json().subscription).toMatchObject({
      cancelAtPeriodEnd: false,
      activeUntil: null,
      scheduledChange: { plan: { id: 'flex' }, effectiveAt: '2027-05-01T00:00:00.000Z' },
    });
    const { steps } = await advance(ws, '2027-05-03T00:00:00Z');
    expect(steps.map((s) => s.result)).toEqual(['ended']);
    const after = await summary(ws);
    expect(after.plan.id).toBe('flex');
    expect(after.subscription).toBeNull();
    expect(await invoiceTotals(ws)).toEqual(['2400 paid']);
  });
});

describe('a retried request', () => {
  it('with the same Idempotency-Key returns the first answer and charges once', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    const send = () =>
      call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
        as: owner,
        body: { plan: 'team', seats: 4 },
        idempotencyKey: 'upgrade-click-1',
      });
    const first = await send();
    const replay = await send();
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().invoice.id).toBe(first.json().invoice.id);
    expect(await invoiceTotals(ws)).toEqual(['4800 paid']);
  });
});

describe('between a period end and its renewal', () => {
  it('a change waits for the renewal job instead of failing', async () => {
    // On the system clock: the period has ended, the job (every minute) has not run yet.
    const ws = (await createWorkspaceAs(billfold, owner, 'Renewing Co')).id;
    await addCard(billfold, owner, ws, testCards.succeeds);
    await subscribe(ws, { plan: 'team', seats: 2 });
    billfold.clock.advance({ hours: 24 * 32 });
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/seats`, {
      as: owner,
      body: { seats: 3 },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'subscription_conflict',
      message: expect.stringContaining('renewing'),
    });
    expect((await runDueRenewals(billfold.deps)).renewed).toBeGreaterThanOrEqual(1);
    const retried = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/seats`, {
      as: owner,
      body: { seats: 3 },
    });
    expect(retried.statusCode, retried.body).toBe(200);
  });
});

describe('bad requests name the field and change nothing', () => {
  it.each([
    [{ plan: 'gold' }, 'plan'],
    [{ plan: 'pro' }, 'tier'],
    [{ plan: 'pro', tier: 'starter', seats: 4 }, 'seats'],
    [{ plan: 'team', interval: 'week' }, 'interval'],
    [{ plan: 'team', seats: 0 }, 'seats'],
  ])('%j → 400 on %s', async (body, param) => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    const response = await subscribe(ws, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.param).toBe(param);
    expect(await invoiceTotals(ws)).toEqual([]);
  });

  it('seats on a workspace without a per-seat subscription', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/seats`, {
      as: owner,
      body: { seats: 5 },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('no_subscription');
  });
});

describe('catalog versions', () => {
  it('a price change in the catalog reaches new subscriptions, never a running one', async () => {
    // On the system clock this time: the renewal job renews what is due.
    const ws = (await createWorkspaceAs(billfold, owner, 'Old Price Co')).id;
    await addCard(billfold, owner, ws, testCards.succeeds);
    expect((await subscribe(ws, { plan: 'team', seats: 2 })).json().invoice.total).toBe(2400);

    const catalog = JSON.parse(readFileSync('config/plans.json', 'utf8'));
    catalog.version = 2;
    const team = catalog.plans.find((p: { id: string }) => p.id === 'team');
    team.prices[0].unitAmount = 1500;
    const folder = mkdtempSync(join(tmpdir(), 'catalog-'));
    const path = join(folder, 'plans.json');
    writeFileSync(path, JSON.stringify(catalog));
    const repriced = await billfold.withSettings({ BILLFOLD_PLAN_CATALOG: path });
    rmSync(folder, { recursive: true });

    billfold.clock.advance({ hours: 24 * 32 });
    // (Other system-clock subscriptions of this file renew too; this one's invoices are checked below.)
    expect((await runDueRenewals(repriced.deps)).renewed).toBeGreaterThanOrEqual(1);
    expect(await invoiceTotals(ws)).toEqual(['2400 paid', '2400 paid']);

    const newcomer = (await createWorkspaceAs(billfold, owner, 'New Price Co')).id;
    await addCard(billfold, owner, newcomer, testCards.succeeds);
    const fresh = await call(repriced, 'POST', `/v1/workspaces/${newcomer}/subscription`, {
      as: owner,
      body: { plan: 'team', seats: 2 },
    });
    expect(fresh.json().invoice.total).toBe(3000);
  });
});
