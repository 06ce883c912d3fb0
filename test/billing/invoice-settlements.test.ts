// The settlement table composed at the top: every billing reason routes to the capability its invoice pays for,
// with today's rules (a manual invoice settles nothing more; a credit purchase waiting for the cardholder stays
// pending). The two settlers are replaced by spies: this checks the routing, not what they do.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingDeps } from '../../src/billing/deps.ts';
import { invoiceSettlements, type Settlers, settlementsOf } from '../../src/billing/invoice-settlements.ts';
import type { InvoiceOutcome } from '../../src/billing/payments/settle-invoice.ts';
import type { BillfoldTransaction } from '../../src/db/transaction.ts';
import type { BillingReason } from '../../src/domain/invoices/billing-reason.ts';

const settleSubscriptionInvoice = vi.fn<Settlers['subscription']>(async () => {});
const settleCreditPurchase = vi.fn<Settlers['creditPurchase']>(async () => {});
const routed = settlementsOf({ subscription: settleSubscriptionInvoice, creditPurchase: settleCreditPurchase });

const trx = {} as BillfoldTransaction;
const deps = { dunningRetryDays: [1, 3] } as unknown as BillingDeps;
const outcomes: InvoiceOutcome[] = [
  { status: 'paid' },
  { status: 'failed', message: 'Your card was declined.' },
  { status: 'requires_action' },
];

beforeEach(() => {
  settleSubscriptionInvoice.mockClear();
  settleCreditPurchase.mockClear();
});

describe('the invoice settlement table', () => {
  it('names every billing reason', () => {
    const reasons: BillingReason[] = [
      'manual',
      'subscription_create',
      'subscription_update',
      'seats',
      'subscription_cycle',
      'credit_purchase',
    ];
    expect(Object.keys(invoiceSettlements).sort()).toEqual([...reasons].sort());
  });

  it('a manual invoice settles nothing beyond itself', () => {
    expect(invoiceSettlements.manual).toBeNull();
    expect(routed.manual).toBeNull();
  });

  it.each(['subscription_create', 'subscription_update', 'seats', 'subscription_cycle'] as const)(
    '%s: the subscription settles every outcome, and only the subscription',
    async (reason) => {
      const settle = routed[reason];
      if (!settle) throw new Error(`${reason} has no settlement`);
      for (const outcome of outcomes) await settle(trx, deps, 'inv_1', outcome);
      expect(settleSubscriptionInvoice.mock.calls).toEqual([
        [trx, deps, 'inv_1', 'paid'],
        [trx, deps, 'inv_1', 'failed'],
        [trx, deps, 'inv_1', 'requires_action'],
      ]);
      expect(settleCreditPurchase).not.toHaveBeenCalled();
    },
  );

  it('credit_purchase: paid and failed settle the purchase; waiting for the cardholder leaves it pending', async () => {
    const settle = routed.credit_purchase;
    if (!settle) throw new Error('credit_purchase has no settlement');
    for (const outcome of outcomes) await settle(trx, deps, 'inv_2', outcome);
    expect(settleCreditPurchase.mock.calls).toEqual([
      [trx, deps, 'inv_2', { status: 'paid' }],
      [trx, deps, 'inv_2', { status: 'failed', message: 'Your card was declined.' }],
    ]);
    expect(settleSubscriptionInvoice).not.toHaveBeenCalled();
  });
});
