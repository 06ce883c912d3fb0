// Finalizes drafts inside the caller's transaction: snapshots the buyer's billing details, applies the tax
// rate of their country, and takes the next number from the counter row. The counter row's lock makes
// concurrent finalizations queue, and a rolled-back finalization gives its number back: numbers are gap-less. The
// customer balance is then applied to each total (after tax): what is left is the amount due, the card's to pay.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { formatInvoiceNumber } from '../../domain/invoices/invoice-number.ts';
import { assertInvoiceWithinBounds, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { taxRateFor } from '../../domain/invoices/tax-rates.ts';
import { loadBuyerSnapshots } from '../billing-details/load-billing-details.ts';
import { applyCustomerBalance } from '../customer-balance/apply-customer-balance.ts';
import type { BillingDeps } from '../deps.ts';
import {
  invoiceLineAmountsOf,
  lockInvoicesToFinalize,
  markInvoicesFinalized,
  takeInvoiceSequences,
} from './invoices.queries.ts';
import { invoiceViewsNow, recordInvoiceEvents } from './record-invoice-event.ts';

type FinalizeDeps = Pick<BillingDeps, 'clock' | 'invoicing' | 'baseUrl'>;

export interface FinalizedInvoice {
  number: string;
  total: number;
  /** The total less what the customer balance paid of it: what the card is charged. */
  amountDue: number;
}

export async function finalizeInvoice(
  trx: BillfoldTransaction,
  deps: FinalizeDeps,
  invoiceId: string,
): Promise<FinalizedInvoice> {
  const [finalized] = await finalizeInvoices(trx, deps, [invoiceId]);
  if (!finalized) throw new Error(`Invoice ${invoiceId} was not finalized`);
  return finalized;
}

/**
 * Several drafts at once (a batch of renewals), numbered consecutively in the order given, in a fixed number of
 * statements. The counter row is bumped once, as late as possible, so the time it stays locked is short.
 */
export async function finalizeInvoices(
  trx: BillfoldTransaction,
  deps: FinalizeDeps,
  invoiceIds: readonly string[],
): Promise<FinalizedInvoice[]> {
  if (invoiceIds.length === 0) return [];
  const invoices = await lockInvoicesToFinalize(trx, invoiceIds);
  for (const invoice of invoices) {
    if (invoice.status !== 'draft') {
      throw new BillingError('invoice_not_payable', `Invoice ${invoice.id} is already finalized.`);
    }
  }
  const linesOf = await invoiceLineAmountsOf(trx, invoiceIds);
  const buyers = await loadBuyerSnapshots(
    trx,
    invoices.map((invoice) => invoice.workspaceId),
  );
  const priced = invoices.map((invoice) => {
    const lines = linesOf.get(invoice.id) ?? [];
    const buyer = buyers.get(invoice.workspaceId) ?? null;
    const taxRate = taxRateFor(deps.invoicing.taxRates, buyer?.country ?? null);
    const totals = invoiceTotals(lines, taxRate);
    // Tax can take a draft within the bound past it; refused before a number is taken.
    assertInvoiceWithinBounds(lines, totals, invoice.currency);
    return { invoice, buyer, taxRate, totals };
  });
  const before = await invoiceViewsNow(trx, deps, invoiceIds);
  const issuedAt = toDate(deps.clock.now());
  const first = await takeInvoiceSequences(trx, deps.invoicing.numberPrefix, invoices.length);
  const finalized = priced.map(({ invoice, buyer, taxRate, totals }, i) => ({
    invoiceId: invoice.id,
    number: formatInvoiceNumber(deps.invoicing.numberPrefix, first + i),
    totals,
    taxRate,
    buyer,
    issuedAt,
  }));
  await markInvoicesFinalized(trx, finalized);
  const amountsDue = await applyCustomerBalance(
    trx,
    deps,
    invoices.map((invoice, i) => ({
      invoiceId: invoice.id,
      workspaceId: invoice.workspaceId,
      number: finalized[i]?.number ?? invoice.id,
      currency: invoice.currency,
      total: finalized[i]?.totals.total ?? 0,
    })),
  );
  await recordInvoiceEvents(
    trx,
    deps,
    invoices.map((invoice, i) => ({
      workspaceId: invoice.workspaceId,
      invoiceId: invoice.id,
      type: 'invoice.finalized' as const,
      before: before[i],
    })),
  );
  return finalized.map((f, i) => ({
    number: f.number,
    total: f.totals.total,
    amountDue: amountsDue[i] ?? f.totals.total,
  }));
}
