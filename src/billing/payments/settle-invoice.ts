// What an invoice's payment outcome does beyond the invoice itself, in the transaction that records it: the
// subscription change or renewal it paid for (or, waiting for the cardholder, put past due), or the credit purchase.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { settleCreditPurchase } from '../credits/settle-credit-purchase.ts';
import type { BillingDeps } from '../deps.ts';
import { settleSubscriptionInvoice } from '../subscriptions/settle-subscription-invoice.ts';

export type InvoiceOutcome = { status: 'paid' } | { status: 'failed'; message: string } | { status: 'requires_action' };

export async function settleInvoice(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'dunningRetryDays' | 'creditPurchaseExpiryDays'>,
  invoiceId: string,
  outcome: InvoiceOutcome,
): Promise<void> {
  await settleSubscriptionInvoice(trx, deps, invoiceId, outcome.status);
  // A credit purchase waiting for the cardholder stays pending: its credits come once it is paid.
  if (outcome.status !== 'requires_action') await settleCreditPurchase(trx, deps, invoiceId, outcome);
}
