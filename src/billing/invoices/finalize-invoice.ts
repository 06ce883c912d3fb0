// Finalizes a draft inside the caller's transaction: snapshots the buyer's billing details, applies the tax
// rate of their country, and takes the next number from the counter row. The counter row's lock makes
// concurrent finalizations queue, and a rolled-back finalization gives its number back: numbers are gap-less.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { formatInvoiceNumber } from '../../domain/invoices/invoice-number.ts';
import { assertInvoiceWithinBounds, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { taxRateFor } from '../../domain/invoices/tax-rates.ts';
import { loadBuyerSnapshot } from '../billing-details/load-billing-details.ts';
import type { BillingDeps } from '../deps.ts';
import {
  invoiceLineAmounts,
  lockInvoiceToFinalize,
  markInvoiceFinalized,
  nextInvoiceSequence,
} from './invoices.queries.ts';
import { invoiceViewNow, recordInvoiceEvent } from './record-invoice-event.ts';

export async function finalizeInvoice(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'invoicing' | 'baseUrl'>,
  invoiceId: string,
): Promise<{ number: string; total: number }> {
  const invoice = await lockInvoiceToFinalize(trx, invoiceId);
  if (invoice.status !== 'draft') {
    throw new BillingError('invoice_not_payable', `Invoice ${invoiceId} is already finalized.`);
  }
  const lines = await invoiceLineAmounts(trx, invoiceId);
  const buyer = await loadBuyerSnapshot(trx, invoice.workspaceId);
  const taxRate = taxRateFor(deps.invoicing.taxRates, buyer?.country ?? null);
  const totals = invoiceTotals(lines, taxRate);
  // Tax can take a draft within the bound past it; refused before a number is taken.
  assertInvoiceWithinBounds(lines, totals, invoice.currency);
  const number = formatInvoiceNumber(
    deps.invoicing.numberPrefix,
    await nextInvoiceSequence(trx, deps.invoicing.numberPrefix),
  );
  const issuedAt = toDate(deps.clock.now());
  const before = await invoiceViewNow(trx, deps, invoiceId);
  await markInvoiceFinalized(trx, invoiceId, { number, totals, taxRate, buyer, issuedAt });
  await recordInvoiceEvent(trx, deps, {
    workspaceId: invoice.workspaceId,
    invoiceId,
    type: 'invoice.finalized',
    before,
  });
  return { number, total: totals.total };
}
