// A plan whose catalog entry says `downgrade: "immediate_credit"`: a seat decrease happens at once, the unused time
// of the seats given up is credited to the customer balance, and the next renewal draws on it before the card.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceOnTestClock } from '../../support/billing-fixtures.ts';
import { call, type SignedInUser, signUp, startTestBillfold, type TestBillfold } from '../../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  const catalog = JSON.parse(await readFile(new URL('../../../config/plans.json', import.meta.url), 'utf8'));
  for (const plan of catalog.plans) if (plan.id === 'team') plan.downgrade = 'immediate_credit';
  const path = join(await mkdtemp(join(tmpdir(), 'billfold-catalog-')), 'plans.json');
  await writeFile(path, JSON.stringify(catalog));
  billfold = await startTestBillfold({ BILLFOLD_PLAN_CATALOG: path });
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => billfold.close());

async function ok(ws: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  const response = await call(billfold, method, `/v1/workspaces/${ws}${url}`, {
    as: owner,
    ...(body === undefined ? {} : { body }),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json();
}

async function chargedAmounts(invoiceId: string) {
  const rows = await billfold.deps.db
    .selectFrom('sandbox_charge')
    .innerJoin('payment_attempt', 'payment_attempt.id', 'sandbox_charge.idempotency_key')
    .select('sandbox_charge.amount')
    .where('payment_attempt.invoice_id', '=', invoiceId)
    .where('sandbox_charge.status', '=', 'succeeded')
    .execute();
  return rows.map((row) => Number(row.amount));
}

describe('a seat decrease with immediate credit', () => {
  it('credits the unused time to the balance at once, and the next renewal is charged less by it', async () => {
    const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z');
    const plans = await call(billfold, 'GET', '/v1/plans', { as: owner });
    expect(plans.json().data.find((plan: { id: string }) => plan.id === 'team').downgrade).toBe('immediate_credit');
    await ok(ws, 'POST', '/subscription', { plan: 'team', interval: 'month', seats: 5 });

    // Mar 16 12:00: 15.5 of March's 31 days are left, half the period.
    await ok(ws, 'POST', '/test-clock/advance', { to: '2027-03-16T12:00:00Z' });
    await ok(ws, 'POST', '/subscription/seats', { seats: 3 });
    const billing = await ok(ws, 'GET', '/billing');
    // Done now, not at the period end.
    expect(billing.subscription).toMatchObject({ scheduledChange: null });
    expect(billing.seats.maxUsers).toBe(3);

    const invoices = await ok(ws, 'GET', '/invoices');
    const credit = invoices.data[0];
    expect(credit.lines.map((line: { amount: number }) => line.amount)).toEqual([
      -3000, // unused time: −5 seats × $12 × ½ = −$30.00
      1800, // remaining time: 3 seats × $12 × ½ = $18.00
    ]);
    // −$12.00 in all: paid without a charge, the credit to the balance.
    expect(credit).toMatchObject({ status: 'paid', total: -1200, appliedBalance: -1200, amountDue: 0 });
    expect(await chargedAmounts(credit.id)).toEqual([]);
    expect(await ok(ws, 'GET', '/balance')).toMatchObject({
      balance: -1200,
      data: [{ type: 'invoice_credit', amount: -1200, balanceAfter: -1200, invoiceId: credit.id }],
    });
    // Nothing of it can be refunded: nothing was paid.
    const refund = await call(billfold, 'POST', `/v1/workspaces/${ws}/invoices/${credit.id}/refunds`, {
      as: owner,
      body: { reason: 'other' },
    });
    expect(refund.statusCode).toBe(409);

    // Apr 1: the renewal of 3 seats × $12 = $36.00 draws the $12.00; the card pays $24.00.
    await ok(ws, 'POST', '/test-clock/advance', { to: '2027-04-01T00:00:01Z' });
    const renewed = (await ok(ws, 'GET', '/invoices')).data[0];
    expect(renewed).toMatchObject({ status: 'paid', total: 3600, appliedBalance: 1200, amountDue: 2400 });
    expect(await chargedAmounts(renewed.id)).toEqual([2400]);
    expect((await ok(ws, 'GET', '/balance')).balance).toBe(0);
  });

  it('a plan that waits (the catalog default) still schedules a downgrade for the period end', async () => {
    const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z');
    await ok(ws, 'POST', '/subscription', { plan: 'pro', tier: 'growth', interval: 'month' });
    const plans = (await call(billfold, 'GET', '/v1/plans', { as: owner })).json().data;
    expect(plans.find((plan: { id: string }) => plan.id === 'pro').downgrade).toBe('period_end');
    await ok(ws, 'POST', '/test-clock/advance', { to: '2027-03-16T12:00:00Z' });
    await ok(ws, 'POST', '/subscription', { plan: 'pro', tier: 'starter', interval: 'month' });
    const billing = await ok(ws, 'GET', '/billing');
    expect(billing.subscription.scheduledChange).not.toBeNull();
    expect(billing.plan.tier.id).toBe('growth');
    expect((await ok(ws, 'GET', '/balance')).balance).toBe(0);
  });
});
