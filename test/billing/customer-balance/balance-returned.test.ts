// What the balance paid of an invoice comes back when the invoice is voided (as Stripe does since 2019-12-03): a
// declined first payment of a subscription voids its invoice, and the workspace's balance is what it was before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCustomerBalances } from '../../../src/billing/customer-balance/verify-customer-balance.ts';
import { fullLine } from '../../../src/domain/invoices/invoice-totals.ts';
import { addCard, draftInvoice, payInvoiceAs, testCards } from '../../support/billing-fixtures.ts';
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

async function balanceOf(workspaceId: string) {
  const response = await call(billfold, 'GET', `/v1/workspaces/${workspaceId}/balance`, { as: owner });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('voiding an invoice the balance paid part of', () => {
  it('gives the applied balance back in the same transaction, with a ledger entry and an event', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    expect((await addCard(billfold, owner, workspace.id, testCards.succeeds)).statusCode).toBe(201);
    const first = await payInvoiceAs(
      billfold,
      owner,
      workspace.id,
      await draftInvoice(billfold, workspace.id, [fullLine('Pro — Starter (monthly)', 1, 4500)]),
    );
    const refund = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invoices/${first.json().id}/refunds`, {
      as: owner,
      body: { amount: 2250, reason: 'requested_by_customer', to: 'balance' },
    });
    expect(refund.statusCode).toBe(201);
    const before = (await balanceOf(workspace.id)).balance;
    expect(before).toBe(-2250);

    // A card that declines becomes the default; Team 3 seats ($36.00) draws $22.50, the card is declined for $13.50.
    expect((await addCard(billfold, owner, workspace.id, testCards.chargesFail, true)).statusCode).toBe(201);
    const subscribe = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/subscription`, {
      as: owner,
      body: { plan: 'team', interval: 'month', seats: 3 },
    });
    expect(subscribe.statusCode).toBe(402);
    const invoices = (await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices`, { as: owner })).json();
    const voided = invoices.data.find((invoice: { status: string }) => invoice.status === 'void');
    expect(voided).toMatchObject({ total: 3600, appliedBalance: 2250 });

    const after = await balanceOf(workspace.id);
    expect(after.balance).toBe(before);
    expect(after.data[0]).toMatchObject({
      type: 'unapplied_from_invoice',
      amount: -2250,
      balanceAfter: -2250,
      invoiceId: voided.id,
      description: `Balance returned from voided invoice ${voided.number}: $22.50`,
    });
    const events = await billfold.deps.db
      .selectFrom('outbox_event')
      .select('data')
      .where('workspace_id', '=', workspace.id)
      .where('type', '=', 'customer.balance.updated')
      .orderBy('created_at')
      .execute();
    expect(events).toHaveLength(3);
    expect(await verifyCustomerBalances(billfold.deps.db)).toMatchObject({ mismatches: [] });
  });
});
