// What each kind of invoice settles when its payment has an outcome: the one place that knows both payments and
// the capabilities it pays for, so payments stays a leaf (it is handed this table through BillingDeps).
import { settleCreditPurchase } from './credits/settle-credit-purchase.ts';
import type { InvoiceSettlements, SettleInvoice } from './payments/settle-invoice.ts';
import { settleSubscriptionInvoice } from './subscriptions/settle-subscription-invoice.ts';

/** What the table hands each kind of invoice to; given here, and replaced by spies in the table's own test. */
export interface Settlers {
  subscription: typeof settleSubscriptionInvoice;
  creditPurchase: typeof settleCreditPurchase;
}

export function settlementsOf(settlers: Settlers): InvoiceSettlements {
  /** The subscription change or renewal it paid for is applied, dropped, or (waiting for the cardholder) past due. */
  const settleSubscription: SettleInvoice = (trx, deps, invoiceId, outcome) =>
    settlers.subscription(trx, deps, invoiceId, outcome.status);

  /** A credit purchase waiting for the cardholder stays pending: its credits come once it is paid. */
  const settleCredits: SettleInvoice = async (trx, deps, invoiceId, outcome) => {
    if (outcome.status !== 'requires_action') await settlers.creditPurchase(trx, deps, invoiceId, outcome);
  };

  return {
    manual: null,
    subscription_create: settleSubscription,
    subscription_update: settleSubscription,
    seats: settleSubscription,
    subscription_cycle: settleSubscription,
    credit_purchase: settleCredits,
  };
}

export const invoiceSettlements: InvoiceSettlements = settlementsOf({
  subscription: settleSubscriptionInvoice,
  creditPurchase: settleCreditPurchase,
});
