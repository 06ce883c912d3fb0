// What an invoice's payment outcome does beyond the invoice itself, in the transaction that records it. Payments
// knows no subscription or credit purchase: it is handed one settle function per billing reason (the invoice
// records what it pays for), composed at the top in src/billing/invoice-settlements.ts and carried in BillingDeps.

import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingReason } from '../../domain/invoices/billing-reason.ts';
import type { BillingDeps } from '../deps.ts';

export type InvoiceOutcome = { status: 'paid' } | { status: 'failed'; message: string } | { status: 'requires_action' };

/** Settles what one kind of invoice pays for; `deps` are on the workspace's clock. */
export type SettleInvoice = (
  trx: BillfoldTransaction,
  deps: BillingDeps,
  invoiceId: string,
  outcome: InvoiceOutcome,
) => Promise<void>;

/** Every billing reason's settlement; null: the invoice pays for nothing beyond itself (a manual invoice). */
export type InvoiceSettlements = Readonly<Record<BillingReason, SettleInvoice | null>>;

export async function settleInvoice(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  invoice: { id: string; billingReason: BillingReason | null },
  outcome: InvoiceOutcome,
): Promise<void> {
  // An invoice from before billing reasons pays for nothing else either.
  const settle = invoice.billingReason === null ? null : deps.settlements[invoice.billingReason];
  if (settle) await settle(trx, deps, invoice.id, outcome);
}
