// Payments settles what an invoice pays for only through the table it is handed (BillingDeps.settlements), by the
// invoice's billing reason.
import { describe, expect, it, vi } from 'vitest';
import type { BillingDeps } from '../../../src/billing/deps.ts';
import { type InvoiceSettlements, settleInvoice } from '../../../src/billing/payments/settle-invoice.ts';
import type { BillfoldTransaction } from '../../../src/db/transaction.ts';

const trx = {} as BillfoldTransaction;

function depsWith(settlements: InvoiceSettlements): BillingDeps {
  return { settlements } as BillingDeps;
}

function table() {
  const subscription = vi.fn(async () => {});
  const credits = vi.fn(async () => {});
  const settlements: InvoiceSettlements = {
    manual: null,
    subscription_create: subscription,
    subscription_update: subscription,
    seats: subscription,
    subscription_cycle: subscription,
    credit_purchase: credits,
  };
  return { subscription, credits, deps: depsWith(settlements) };
}

describe('settling an invoice', () => {
  it('runs the settlement of its billing reason with the workspace deps, the invoice and the outcome', async () => {
    const { subscription, credits, deps } = table();
    await settleInvoice(trx, deps, { id: 'inv_1', billingReason: 'seats' }, { status: 'paid' });
    expect(subscription).toHaveBeenCalledExactlyOnceWith(trx, deps, 'inv_1', { status: 'paid' });
    await settleInvoice(
      trx,
      deps,
      { id: 'inv_2', billingReason: 'credit_purchase' },
      { status: 'failed', message: 'No.' },
    );
    expect(credits).toHaveBeenCalledExactlyOnceWith(trx, deps, 'inv_2', { status: 'failed', message: 'No.' });
    expect(subscription).toHaveBeenCalledTimes(1);
  });

  it('a manual invoice, or one from before billing reasons, settles nothing beyond itself', async () => {
    const { subscription, credits, deps } = table();
    await settleInvoice(trx, deps, { id: 'inv_3', billingReason: 'manual' }, { status: 'paid' });
    await settleInvoice(trx, deps, { id: 'inv_4', billingReason: null }, { status: 'paid' });
    expect(subscription).not.toHaveBeenCalled();
    expect(credits).not.toHaveBeenCalled();
  });
});
