// The customer balance through the API: a refund to the balance credits it (no card refund), the next invoice
// shows "applied balance" and charges only the rest, an invoice the balance covers is paid without a charge, the
// ledger is append-only and adds up (what `billfold verify` checks).
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

async function paidInvoice(workspaceId: string, amount: number) {
  const invoiceId = await draftInvoice(billfold, workspaceId, [fullLine('Pro — Starter (monthly)', 1, amount)]);
  const paid = await payInvoiceAs(billfold, owner, workspaceId, invoiceId);
  expect(paid.statusCode).toBe(200);
  return paid.json();
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

async function balanceOf(workspaceId: string) {
  const response = await call(billfold, 'GET', `/v1/workspaces/${workspaceId}/balance`, { as: owner });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('the customer balance', () => {
  it('a refund to the balance credits it; the next invoice draws on it before the card is charged', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    expect((await addCard(billfold, owner, workspace.id, testCards.succeeds)).statusCode).toBe(201);
    expect(await balanceOf(workspace.id)).toMatchObject({ balance: 0, data: [], hasMore: false });

    const first = await paidInvoice(workspace.id, 4500);
    const refunded = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invoices/${first.id}/refunds`, {
      as: owner,
      body: { amount: 2250, reason: 'requested_by_customer', to: 'balance' },
    });
    expect(refunded.statusCode).toBe(201);
    expect(refunded.json()).toMatchObject({ total: 2250, creditedTo: 'balance' });
    // No card refund: the money stays with Billfold as credit.
    const cardRefunds = await billfold.deps.db.selectFrom('sandbox_refund').select('amount').execute();
    expect(cardRefunds).toEqual([]);
    expect(await balanceOf(workspace.id)).toMatchObject({
      balance: -2250,
      currency: 'usd',
      data: [{ type: 'credit_note', amount: -2250, balanceAfter: -2250, creditNoteId: refunded.json().id }],
    });

    // The next $45.00 invoice: −$22.50 applied, $22.50 charged to the card.
    const second = await paidInvoice(workspace.id, 4500);
    expect(second).toMatchObject({ status: 'paid', total: 4500, appliedBalance: 2250, amountDue: 2250 });
    expect(await chargedAmounts(second.id)).toEqual([2250]);
    const after = await balanceOf(workspace.id);
    expect(after.balance).toBe(0);
    expect(after.data.map((entry: { type: string; amount: number }) => [entry.type, entry.amount])).toEqual([
      ['applied_to_invoice', 2250],
      ['credit_note', -2250],
    ]);
    const events = await billfold.deps.db
      .selectFrom('outbox_event')
      .select('type')
      .where('workspace_id', '=', workspace.id)
      .where('type', '=', 'customer.balance.updated')
      .execute();
    expect(events).toHaveLength(2);
  });

  it('an invoice the balance covers is paid without a charge, and the rest is carried', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    expect((await addCard(billfold, owner, workspace.id, testCards.succeeds)).statusCode).toBe(201);
    const first = await paidInvoice(workspace.id, 6000);
    await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invoices/${first.id}/refunds`, {
      as: owner,
      body: { reason: 'duplicate', to: 'balance' },
    });
    expect((await balanceOf(workspace.id)).balance).toBe(-6000);
    // $45.00 from a −$60.00 balance: paid, no charge, −$15.00 left.
    const covered = await paidInvoice(workspace.id, 4500);
    expect(covered).toMatchObject({ status: 'paid', appliedBalance: 4500, amountDue: 0 });
    expect(await chargedAmounts(covered.id)).toEqual([]);
    expect((await balanceOf(workspace.id)).balance).toBe(-1500);
    // A card refund of the covered invoice: nothing went through the card.
    const toCard = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invoices/${covered.id}/refunds`, {
      as: owner,
      body: { reason: 'other' },
    });
    expect(toCard.statusCode).toBe(409);
    expect(toCard.json().error).toMatchObject({ code: 'refund_exceeds_refundable', param: 'amount' });

    // The hosted invoice page says what the balance paid.
    const page = await billfold.app.inject({ method: 'GET', url: new URL(covered.hostedUrl).pathname });
    expect(page.body).toContain('Applied balance');
    expect(page.body).toContain('−$45.00');
  });

  it('the ledger is append-only and adds up entry by entry', async () => {
    const entry = await billfold.deps.db
      .selectFrom('customer_balance_transaction')
      .select('id')
      .executeTakeFirstOrThrow();
    await expect(
      billfold.deps.db
        .updateTable('customer_balance_transaction')
        .set({ amount: 1 })
        .where('id', '=', entry.id)
        .execute(),
    ).rejects.toThrow(/never changed or deleted/);
    await expect(
      billfold.deps.db.deleteFrom('customer_balance_transaction').where('id', '=', entry.id).execute(),
    ).rejects.toThrow(/never changed or deleted/);
    const verified = await verifyCustomerBalances(billfold.deps.db);
    expect(verified).toEqual({ balancesChecked: 2, mismatches: [] });
  });
});
