// Ending a subscription now (a billing manager's action): the workspace goes back to Free at once and the unused time
// of the period, at what the period's invoice was paid, is refunded to the card or credited to the balance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceOnTestClock } from '../../support/billing-fixtures.ts';
import {
  addMember,
  call,
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
afterAll(async () => billfold.close());

async function ok(ws: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  const response = await call(billfold, method, `/v1/workspaces/${ws}${url}`, {
    as: owner,
    ...(body === undefined ? {} : { body }),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json();
}

/** Team 3 seats × $12 = $36.00 paid on Mar 1 2027, on a clock moved to Mar 16 12:00 UTC. */
async function teamHalfwayThroughMarch() {
  const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z');
  const subscribed = await ok(ws, 'POST', '/subscription', { plan: 'team', interval: 'month', seats: 3 });
  expect(subscribed.invoice).toMatchObject({ status: 'paid', total: 3600 });
  await ok(ws, 'POST', '/test-clock/advance', { to: '2027-03-16T12:00:00Z' });
  return { ws, paidInvoiceId: subscribed.invoice.id as string };
}

describe('ending a subscription now', () => {
  it('refunds the unused half of March to the card with a credit note, and the workspace is on Free', async () => {
    const { ws, paidInvoiceId } = await teamHalfwayThroughMarch();
    // March 2027: 31 days = 2,678,400 s; Mar 16 12:00 → Apr 1 00:00 = 15.5 days = 1,339,200 s left.
    // $36.00 × 1,339,200 / 2,678,400 = $18.00 exactly.
    expect(await ok(ws, 'GET', '/subscription/terminate/preview')).toEqual({
      refundAmount: 1800,
      currency: 'usd',
      invoiceId: paidInvoiceId,
    });
    const ended = await ok(ws, 'POST', '/subscription/terminate', { refund: 'card' });
    expect(ended.subscription).toBeNull();
    expect(ended.creditNote).toMatchObject({
      number: expect.stringMatching(/^CN-\d{6}$/),
      invoiceId: paidInvoiceId,
      total: 1800,
      creditedTo: 'card',
    });
    const cardRefunds = await billfold.deps.db.selectFrom('sandbox_refund').select('amount').execute();
    expect(cardRefunds.map((row) => Number(row.amount))).toEqual([1800]);
    const billing = await ok(ws, 'GET', '/billing');
    expect(billing.plan.id).toBe('free');
    expect(billing.subscription).toBeNull();

    const events = await billfold.deps.db
      .selectFrom('outbox_event')
      .select('type')
      .where('workspace_id', '=', ws)
      .execute();
    const types = events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['subscription.canceled', 'invoice.refunded', 'credit_note.created']));
    const audit = await billfold.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', ws)
      .execute();
    expect(audit.map((entry) => entry.action)).toContain('subscription.terminated');

    // Nothing renews on Apr 1.
    const before = (await ok(ws, 'GET', '/invoices')).data.length;
    await ok(ws, 'POST', '/test-clock/advance', { to: '2027-04-01T00:00:01Z' });
    expect((await ok(ws, 'GET', '/invoices')).data.length).toBe(before);
  });

  it('gives back no more than the invoice still has after its earlier refunds', async () => {
    const { ws, paidInvoiceId } = await teamHalfwayThroughMarch();
    // $30.00 of the $36.00 was refunded already: the unused half ($18.00) is capped at the $6.00 left.
    await ok(ws, 'POST', `/invoices/${paidInvoiceId}/refunds`, { amount: 3000, reason: 'requested_by_customer' });
    expect(await ok(ws, 'GET', '/subscription/terminate/preview')).toMatchObject({ refundAmount: 600 });
    const ended = await ok(ws, 'POST', '/subscription/terminate', { refund: 'card' });
    expect(ended.creditNote).toMatchObject({ invoiceId: paidInvoiceId, total: 600, creditedTo: 'card' });
    const invoice = await ok(ws, 'GET', `/invoices/${paidInvoiceId}`);
    expect(invoice.amountCredited).toBe(3600);

    // Refunded in full: ending another subscription of the same shape gives nothing back, and still ends it.
    const second = await teamHalfwayThroughMarch();
    await ok(second.ws, 'POST', `/invoices/${second.paidInvoiceId}/refunds`, { reason: 'requested_by_customer' });
    expect(await ok(second.ws, 'GET', '/subscription/terminate/preview')).toMatchObject({ refundAmount: 0 });
    const endedFree = await ok(second.ws, 'POST', '/subscription/terminate', { refund: 'card' });
    expect(endedFree).toEqual({ subscription: null, creditNote: null });
    expect((await ok(second.ws, 'GET', '/billing')).plan.id).toBe('free');
  });

  it('credits the unused time to the balance instead, with no card refund', async () => {
    const { ws } = await teamHalfwayThroughMarch();
    const refundsBefore = (await billfold.deps.db.selectFrom('sandbox_refund').select('id').execute()).length;
    const ended = await ok(ws, 'POST', '/subscription/terminate', { refund: 'balance' });
    expect(ended.creditNote).toMatchObject({ total: 1800, creditedTo: 'balance' });
    expect((await ok(ws, 'GET', '/balance')).balance).toBe(-1800);
    expect((await billfold.deps.db.selectFrom('sandbox_refund').select('id').execute()).length).toBe(refundsBefore);
  });

  it('ends without a refund when asked, and refuses a strange body naming the field', async () => {
    const { ws } = await teamHalfwayThroughMarch();
    // A member (billing:view at most) may not end it.
    const member = await signUp(billfold, 'member');
    await addMember(billfold, { id: ws }, owner, member, 'member');
    const refused = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/terminate`, {
      as: member,
      body: { refund: 'card' },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/terminate`, {
      as: owner,
      body: { refund: 'cash' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('refund');
    const ended = await ok(ws, 'POST', '/subscription/terminate', { refund: 'none' });
    expect(ended.creditNote).toBeNull();
    expect((await ok(ws, 'GET', '/billing')).plan.id).toBe('free');
    const again = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/terminate`, {
      as: owner,
      body: { refund: 'card' },
    });
    expect(again.statusCode).toBe(409);
  });
});
