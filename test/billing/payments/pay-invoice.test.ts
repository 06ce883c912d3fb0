// Paying invoices through the API: card outcomes, one charge under concurrency, and crashes at every step of
// the charging pattern settled by the recovery job without charging twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pendingPaymentGracePeriod,
  recoverPendingPayments,
} from '../../../src/billing/payments/recover-pending-payments.ts';
import { addCard, draftInvoice, payInvoiceAs, testCards } from '../../support/billing-fixtures.ts';
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
afterAll(async () => billfold.close());

async function workspaceWithCard(card: string = testCards.succeeds) {
  const workspace = await createWorkspaceAs(billfold, owner);
  const saved = await addCard(billfold, owner, workspace.id, card);
  expect(saved.statusCode).toBe(201);
  return workspace;
}

async function chargesFor(invoiceId: string) {
  const attempts = await billfold.deps.db
    .selectFrom('payment_attempt')
    .select(['id', 'status'])
    .where('invoice_id', '=', invoiceId)
    .execute();
  const charges = attempts.length
    ? await billfold.deps.db
        .selectFrom('sandbox_charge')
        .select(['status', 'amount'])
        .where(
          'idempotency_key',
          'in',
          attempts.map((a) => a.id),
        )
        .execute()
    : [];
  return { attempts, charges, succeeded: charges.filter((c) => c.status === 'succeeded') };
}

describe('paying an invoice', () => {
  it('finalizes it, charges the default card once and shows it paid with that card', async () => {
    const workspace = await workspaceWithCard();
    const invoiceId = await draftInvoice(billfold, workspace.id);
    const paid = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(paid.statusCode).toBe(200);
    const invoice = paid.json();
    expect(invoice).toMatchObject({
      status: 'paid',
      total: 3600,
      paymentMethod: { brand: 'visa', last4: '4242' },
      payment: { status: 'succeeded', failureMessage: null },
    });
    expect(invoice.number).toMatch(/^BF-\d{6}$/);
    expect(invoice.paidAt).not.toBeNull();
    const { succeeded } = await chargesFor(invoiceId);
    expect(succeeded).toEqual([{ status: 'succeeded', amount: 3600 }]);

    const again = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invoice_not_payable');
    expect((await chargesFor(invoiceId)).charges).toHaveLength(1);
  });

  it('a card whose charges fail: 402 with the reason, the invoice stays open and can be paid with another card', async () => {
    const workspace = await workspaceWithCard(testCards.chargesFail);
    const invoiceId = await draftInvoice(billfold, workspace.id);
    const failed = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(failed.statusCode).toBe(402);
    expect(failed.json().error).toMatchObject({
      type: 'payment',
      code: 'payment_failed',
      message: 'Your card was declined.',
    });
    const open = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${invoiceId}`, { as: owner });
    expect(open.json()).toMatchObject({
      status: 'open',
      paidAt: null,
      // The card that was tried, so the page can say which card failed.
      paymentMethod: { brand: 'visa', last4: '0341' },
      payment: { status: 'failed', failureMessage: 'Your card was declined.' },
    });

    expect((await addCard(billfold, owner, workspace.id, testCards.mastercard, true)).statusCode).toBe(201);
    const paid = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(paid.json()).toMatchObject({ status: 'paid', paymentMethod: { brand: 'mastercard', last4: '4444' } });
    const { attempts, succeeded } = await chargesFor(invoiceId);
    expect(attempts.map((a) => a.status).sort()).toEqual(['failed', 'succeeded']);
    expect(succeeded).toHaveLength(1);
  });

  it('a card that requires authentication waits for the cardholder, then is paid once confirmed', async () => {
    const workspace = await workspaceWithCard(testCards.requiresAuthentication);
    const invoiceId = await draftInvoice(billfold, workspace.id);
    const first = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(first.statusCode).toBe(200);
    const pending = first.json();
    expect(pending).toMatchObject({ status: 'open', payment: { status: 'requires_action' } });
    expect(pending.payment.nextActionUrl).toMatch(/\/sandbox\/v1\/charges\/ch_[a-z0-9]+\/confirm$/);

    // Paying again before confirming charges nothing new: the same charge still waits.
    const stillWaiting = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(stillWaiting.json()).toMatchObject({ status: 'open', payment: { status: 'requires_action' } });

    const confirm = await billfold.app.inject({ method: 'POST', url: new URL(pending.payment.nextActionUrl).pathname });
    expect(confirm.json()).toMatchObject({ status: 'succeeded' });
    const paid = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(paid.json()).toMatchObject({ status: 'paid', payment: { status: 'succeeded' } });
    const { charges } = await chargesFor(invoiceId);
    expect(charges).toEqual([{ status: 'succeeded', amount: 3600 }]);
  });

  it('without a payment method: 409 and the invoice is not finalized', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const invoiceId = await draftInvoice(billfold, workspace.id);
    const response = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('payment_method_required');
    const row = await billfold.deps.db
      .selectFrom('invoice')
      .select(['status', 'number'])
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', number: null });
  });

  it('ten people paying the same invoice at once charge the card exactly once', async () => {
    const workspace = await workspaceWithCard();
    const invoiceId = await draftInvoice(billfold, workspace.id);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => payInvoiceAs(billfold, owner, workspace.id, invoiceId)),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // The others were told a payment is under way, or that the invoice is already paid.
    for (const response of responses.filter((r) => r.statusCode !== 200)) {
      expect(response.statusCode).toBe(409);
      expect(['payment_in_progress', 'invoice_not_payable']).toContain(response.json().error.code);
    }
    const { succeeded, charges } = await chargesFor(invoiceId);
    expect(charges).toHaveLength(1);
    expect(succeeded).toHaveLength(1);
  });
});

describe('a crash in the middle of a payment', () => {
  async function pastGracePeriod() {
    billfold.clock.advance(pendingPaymentGracePeriod);
    billfold.clock.advance({ seconds: 1 });
  }

  it('before the charge reached the gateway: the invoice keeps its pending attempt and the job charges it once', async () => {
    const workspace = await workspaceWithCard();
    const invoiceId = await draftInvoice(billfold, workspace.id);
    crashes.crashNext({ when: 'before_charge' });
    const crashed = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(crashed.statusCode).toBe(503);
    expect(crashed.json().error.code).toBe('gateway_unavailable');
    const during = await chargesFor(invoiceId);
    expect(during.attempts).toEqual([{ id: expect.any(String), status: 'pending' }]);
    expect(during.charges).toEqual([]);
    const invoice = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${invoiceId}`, { as: owner });
    expect(invoice.json()).toMatchObject({ status: 'open', payment: { status: 'pending' } });

    // A retry while the attempt is unresolved must not start a second charge.
    const retry = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(retry.statusCode).toBe(409);
    expect(retry.json().error.code).toBe('payment_in_progress');

    // The job leaves attempts younger than the grace period alone (their request may still be waiting).
    expect(await recoverPendingPayments(billfold.deps)).toEqual({ settled: 0 });
    await pastGracePeriod();
    expect(await recoverPendingPayments(billfold.deps)).toEqual({ settled: 1 });
    const after = await chargesFor(invoiceId);
    expect(after.succeeded).toHaveLength(1);
    expect(after.attempts.map((a) => a.status)).toEqual(['succeeded']);
    const paid = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${invoiceId}`, { as: owner });
    expect(paid.json()).toMatchObject({ status: 'paid', total: 3600 });
    expect(await recoverPendingPayments(billfold.deps)).toEqual({ settled: 0 });
  });

  it('after the gateway charged but before the outcome was recorded: the job records it without charging again', async () => {
    const workspace = await workspaceWithCard();
    const invoiceId = await draftInvoice(billfold, workspace.id);
    crashes.crashNext({ when: 'after_charge' });
    const crashed = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
    expect(crashed.statusCode).toBe(503);
    const during = await chargesFor(invoiceId);
    expect(during.attempts.map((a) => a.status)).toEqual(['pending']);
    expect(during.succeeded).toHaveLength(1);

    await pastGracePeriod();
    expect(await recoverPendingPayments(billfold.deps)).toEqual({ settled: 1 });
    const after = await chargesFor(invoiceId);
    expect(after.charges).toHaveLength(1);
    expect(after.attempts.map((a) => a.status)).toEqual(['succeeded']);
    const paid = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${invoiceId}`, { as: owner });
    expect(paid.json()).toMatchObject({ status: 'paid', paymentMethod: { last4: '4242' } });
  });

  it('the job run twice at once (two processes) still charges once', async () => {
    const workspace = await workspaceWithCard();
    const invoiceId = await draftInvoice(billfold, workspace.id);
    crashes.crashNext({ when: 'before_charge' });
    expect((await payInvoiceAs(billfold, owner, workspace.id, invoiceId)).statusCode).toBe(503);
    await pastGracePeriod();
    await Promise.all([recoverPendingPayments(billfold.deps), recoverPendingPayments(billfold.deps)]);
    const after = await chargesFor(invoiceId);
    expect(after.charges).toHaveLength(1);
    expect(after.attempts.map((a) => a.status)).toEqual(['succeeded']);
  });

  it('a crash before the first transaction commits leaves neither an invoice number nor an attempt', async () => {
    const workspace = await workspaceWithCard();
    const invoiceId = await draftInvoice(billfold, workspace.id);
    const before = await billfold.deps.db.selectFrom('invoice_number_counter').select('last_number').executeTakeFirst();
    // Removing the card makes step 1 fail after it has already finalized the draft inside its transaction.
    await billfold.deps.db
      .updateTable('workspace_billing')
      .set({ default_payment_method_id: null })
      .where('workspace_id', '=', workspace.id)
      .execute();
    expect((await payInvoiceAs(billfold, owner, workspace.id, invoiceId)).statusCode).toBe(409);
    const row = await billfold.deps.db
      .selectFrom('invoice')
      .select(['status', 'number'])
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', number: null });
    const after = await billfold.deps.db.selectFrom('invoice_number_counter').select('last_number').executeTakeFirst();
    expect(after).toEqual(before);
    expect((await chargesFor(invoiceId)).attempts).toEqual([]);
  });
});
