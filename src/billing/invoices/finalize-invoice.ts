// Finalizes a draft inside the caller's transaction: snapshots the buyer's billing details, applies the tax
// rate of their country, and takes the next number from the counter row. The counter row's lock makes
// concurrent finalizations queue, and a rolled-back finalization gives its number back: numbers are gap-less.
import { sql } from 'kysely';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { formatInvoiceNumber } from '../../domain/invoices/invoice-number.ts';
import { assertInvoiceWithinBounds, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { taxRateFor } from '../../domain/invoices/tax-rates.ts';
import { loadBuyerSnapshot } from '../billing-details/load-billing-details.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';

export async function finalizeInvoice(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'invoicing'>,
  invoiceId: string,
): Promise<{ number: string; total: number }> {
  const invoice = await trx
    .selectFrom('invoice')
    .select(['id', 'workspace_id', 'status', 'currency'])
    .where('id', '=', invoiceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (invoice.status !== 'draft') {
    throw new BillingError('invoice_not_payable', `Invoice ${invoiceId} is already finalized.`);
  }
  const lines = await trx.selectFrom('invoice_line').select(['amount']).where('invoice_id', '=', invoiceId).execute();
  const buyer = await loadBuyerSnapshot(trx, invoice.workspace_id);
  const taxRate = taxRateFor(deps.invoicing.taxRates, buyer?.country ?? null);
  const totals = invoiceTotals(lines, taxRate);
  // Tax can take a draft within the bound past it; refused before a number is taken.
  assertInvoiceWithinBounds(lines, totals, invoice.currency);
  const number = formatInvoiceNumber(
    deps.invoicing.numberPrefix,
    await nextInvoiceSequence(trx, deps.invoicing.numberPrefix),
  );
  const issuedAt = toDate(deps.clock.now());
  await trx
    .updateTable('invoice')
    .set({
      status: 'open',
      number,
      subtotal: totals.subtotal,
      tax: totals.tax,
      total: totals.total,
      tax_rate: taxRate ? JSON.stringify(taxRate) : null,
      buyer: buyer ? JSON.stringify(buyer) : null,
      issued_at: issuedAt,
    })
    .where('id', '=', invoiceId)
    .execute();
  await recordEvent(trx, deps.clock, {
    workspaceId: invoice.workspace_id,
    type: 'invoice.finalized',
    data: { id: invoiceId, number, currency: invoice.currency, ...totals, issuedAt },
  });
  return { number, total: totals.total };
}

/** Bumps the counter row for the prefix (creating it at 1) and returns the new number. */
async function nextInvoiceSequence(trx: BillfoldTransaction, prefix: string): Promise<number> {
  const row = await trx
    .insertInto('invoice_number_counter')
    .values({ prefix, last_number: 1 })
    .onConflict((oc) =>
      oc.column('prefix').doUpdateSet({ last_number: sql<number>`invoice_number_counter.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}
