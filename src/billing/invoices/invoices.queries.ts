// SQL for writing invoices: a draft with its lines, the draft locked for finalizing and its lines' amounts, the
// finalized invoice, the gap-less number counter, and voiding an open invoice.
import { sql } from 'kysely';
import type { InvoiceBuyerSnapshot } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingReason } from '../../domain/invoices/billing-reason.ts';
import type { InvoiceStatusName } from '../../domain/invoices/invoice-status.ts';
import type { InvoiceLine, InvoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import type { TaxRate } from '../../domain/invoices/tax-rates.ts';

export interface NewDraftInvoice {
  id: string;
  workspaceId: string;
  currency: string;
  /** Provisional until finalizing applies the buyer's tax rate. */
  totals: InvoiceTotals;
  lines: readonly InvoiceLine[];
  period: { start: Date; end: Date } | null;
  hostedToken: string;
  createdAt: Date;
  subscriptionId: string | null;
  billingReason: BillingReason;
  requestRef: string | null;
}

/** Inserts the draft, then its lines in their order (two statements). */
export async function insertDraftInvoice(trx: BillfoldTransaction, draft: NewDraftInvoice): Promise<void> {
  await trx
    .insertInto('invoice')
    .values({
      id: draft.id,
      workspace_id: draft.workspaceId,
      number: null,
      status: 'draft',
      currency: draft.currency,
      subtotal: draft.totals.subtotal,
      tax: draft.totals.tax,
      total: draft.totals.total,
      tax_rate: null,
      period_start: draft.period?.start ?? null,
      period_end: draft.period?.end ?? null,
      buyer: null,
      payment_method: null,
      hosted_token: draft.hostedToken,
      created_at: draft.createdAt,
      subscription_id: draft.subscriptionId,
      billing_reason: draft.billingReason,
      request_ref: draft.requestRef,
    })
    .execute();
  await trx
    .insertInto('invoice_line')
    .values(
      draft.lines.map((line, position) => ({
        invoice_id: draft.id,
        position,
        description: line.description,
        quantity: line.quantity,
        unit_amount: line.unitAmount,
        amount: line.amount,
        period_start: line.periodStart,
        period_end: line.periodEnd,
        proration: line.proration,
      })),
    )
    .execute();
}

export interface InvoiceToFinalize {
  id: string;
  workspaceId: string;
  status: InvoiceStatusName;
  currency: string;
}

/** Locks the invoice row (FOR UPDATE) until the transaction ends. */
export async function lockInvoiceToFinalize(trx: BillfoldTransaction, invoiceId: string): Promise<InvoiceToFinalize> {
  const row = await trx
    .selectFrom('invoice')
    .select(['id', 'workspace_id', 'status', 'currency'])
    .where('id', '=', invoiceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { id: row.id, workspaceId: row.workspace_id, status: row.status, currency: row.currency };
}

export function invoiceLineAmounts(trx: BillfoldTransaction, invoiceId: string): Promise<{ amount: number }[]> {
  return trx.selectFrom('invoice_line').select(['amount']).where('invoice_id', '=', invoiceId).execute();
}

export interface FinalizedInvoice {
  number: string;
  totals: InvoiceTotals;
  taxRate: TaxRate | null;
  buyer: InvoiceBuyerSnapshot | null;
  issuedAt: Date;
}

/** The draft becomes open with its number, final totals, tax rate and buyer snapshot. */
export async function markInvoiceFinalized(
  trx: BillfoldTransaction,
  invoiceId: string,
  finalized: FinalizedInvoice,
): Promise<void> {
  await trx
    .updateTable('invoice')
    .set({
      status: 'open',
      number: finalized.number,
      subtotal: finalized.totals.subtotal,
      tax: finalized.totals.tax,
      total: finalized.totals.total,
      tax_rate: finalized.taxRate ? JSON.stringify(finalized.taxRate) : null,
      buyer: finalized.buyer ? JSON.stringify(finalized.buyer) : null,
      issued_at: finalized.issuedAt,
    })
    .where('id', '=', invoiceId)
    .execute();
}

/**
 * Bumps the counter row for the prefix (creating it at 1) and returns the new number. The row's lock makes
 * concurrent finalizations queue; a rolled-back finalization gives its number back.
 */
export async function nextInvoiceSequence(trx: BillfoldTransaction, prefix: string): Promise<number> {
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

/** Voids the invoice if it is still open; returns it then, else undefined. */
export function voidOpenInvoice(
  trx: BillfoldTransaction,
  invoiceId: string,
  at: Date,
): Promise<{ id: string; number: string | null } | undefined> {
  return trx
    .updateTable('invoice')
    .set({ status: 'void', voided_at: at })
    .where('id', '=', invoiceId)
    .where('status', '=', 'open')
    .returning(['id', 'number'])
    .executeTakeFirst();
}
