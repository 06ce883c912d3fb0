// An invoice the customer balance covers in full is paid when it is finalized, on every path, without a charge: a
// one-off invoice issued against a large enough balance, and a renewal of a workspace with no card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullLine } from '../../../src/domain/invoices/invoice-totals.ts';
import {
  addCard,
  draftInvoice,
  payInvoiceAs,
  testCards,
  workspaceOnTestClock,
} from '../../support/billing-fixtures.ts';
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
afterAll(async () => billfold.close());

async function ok(ws: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) {
  const response = await call(billfold, method, `/v1/workspaces/${ws}${url}`, {
    as: owner,
    ...(body === undefined ? {} : { body }),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.statusCode === 204 ? null : response.json();
}

/** Pays a $60.00 invoice with the card and refunds all of it to the balance: −$60.00. */
async function creditSixtyDollars(ws: string) {
  const paid = await payInvoiceAs(
    billfold,
    owner,
    ws,
    await draftInvoice(billfold, ws, [fullLine('Pro — Growth (monthly)', 1, 6000)]),
  );
  expect(paid.statusCode).toBe(200);
  await ok(ws, 'POST', `/invoices/${paid.json().id}/refunds`, { reason: 'other', to: 'balance' });
  expect((await ok(ws, 'GET', '/balance')).balance).toBe(-6000);
}

async function chargeCount(ws: string) {
  const rows = await billfold.deps.db
    .selectFrom('payment_attempt')
    .select('id')
    .where('workspace_id', '=', ws)
    .execute();
  return rows.length;
}

describe('an invoice the balance covers', () => {
  it('a one-off invoice issued against the balance is paid at once, $0.00 due, nothing charged', async () => {
    const ws = (await createWorkspaceAs(billfold, owner)).id;
    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    await creditSixtyDollars(ws);
    const attemptsBefore = await chargeCount(ws);
    const issued = await call(billfold, 'POST', `/v1/workspaces/${ws}/invoices`, {
      as: owner,
      body: { currency: 'usd', lines: [{ description: 'Onboarding workshop', quantity: 1, unitAmount: 4500 }] },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const invoice = (await ok(ws, 'GET', '/invoices')).data[0];
    expect(invoice).toMatchObject({ status: 'paid', total: 4500, appliedBalance: 4500, amountDue: 0 });
    expect(await chargeCount(ws)).toBe(attemptsBefore);
    expect((await ok(ws, 'GET', '/balance')).balance).toBe(-1500);
  });

  it('a one-off invoice the balance covers in part stays open with the rest due', async () => {
    const ws = (await createWorkspaceAs(billfold, owner)).id;
    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    await creditSixtyDollars(ws);
    await ok(ws, 'POST', '/invoices', {
      currency: 'usd',
      lines: [{ description: 'Onboarding workshop', quantity: 1, unitAmount: 9000 }],
    });
    const invoice = (await ok(ws, 'GET', '/invoices')).data[0];
    expect(invoice).toMatchObject({ status: 'open', total: 9000, appliedBalance: 6000, amountDue: 3000 });
  });

  it('a renewal of a workspace with no card is paid by the balance and stays active', async () => {
    const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z');
    await ok(ws, 'POST', '/subscription', { plan: 'team', interval: 'month', seats: 3 });
    await creditSixtyDollars(ws);
    // The card is gone (removed at the processor): the workspace has no card to charge.
    await billfold.deps.db
      .updateTable('workspace_billing')
      .set({ default_payment_method_id: null })
      .where('workspace_id', '=', ws)
      .execute();
    // Apr 1: Team 3 seats × $12 = $36.00, all of it from the −$60.00 balance.
    await ok(ws, 'POST', '/test-clock/advance', { to: '2027-04-01T00:00:01Z' });
    const renewed = (await ok(ws, 'GET', '/invoices')).data[0];
    expect(renewed).toMatchObject({ status: 'paid', total: 3600, appliedBalance: 3600, amountDue: 0 });
    expect((await ok(ws, 'GET', '/billing')).subscription.status).toBe('active');
    expect((await ok(ws, 'GET', '/balance')).balance).toBe(-2400);
  });
});
