// SQL for writing invoices (one or a batch of them): drafts with their lines, drafts locked for finalizing and their
// lines' amounts, the finalized invoices, the gap-less number counter, and voiding an open invoice.
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

/** Inserts the drafts, then all their lines in their order (two statements, however many drafts). */
export async function insertDraftInvoices(trx: BillfoldTransaction, drafts: readonly NewDraftInvoice[]): Promise<void> {
  if (drafts.length === 0) return;
  await trx
    .insertInto('invoice')
    .values(
      drafts.map((draft) => ({
        id: draft.id,
        workspace_id: draft.workspaceId,
        number: null,
        status: 'draft' as const,
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
      })),
    )
    .execute();
  await trx
    .insertInto('invoice_line')
    .values(
      drafts.flatMap((draft) =>
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
      ),
    )
    .execute();
}

export interface InvoiceToFinalize {
  id: string;
  workspaceId: string;
  status: InvoiceStatusName;
  currency: string;
}

/** Locks the invoice rows (FOR UPDATE) until the transaction ends; in the order of `invoiceIds`. */
export async function lockInvoicesToFinalize(
  trx: BillfoldTransaction,
  invoiceIds: readonly string[],
): Promise<InvoiceToFinalize[]> {
  const rows = await trx
    .selectFrom('invoice')
    .select(['id', 'workspace_id', 'status', 'currency'])
    .where('id', 'in', invoiceIds)
    .orderBy('id')
    .forUpdate()
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return invoiceIds.map((id) => {
    const row = byId.get(id);
    if (!row) throw new Error(`No invoice ${id}`);
    return { id: row.id, workspaceId: row.workspace_id, status: row.status, currency: row.currency };
  });
}

/** The invoices' line amounts, by invoice id. */
export async function invoiceLineAmountsOf(
  trx: BillfoldTransaction,
  invoiceIds: readonly string[],
): Promise<Map<string, { amount: number }[]>> {
  const rows = await trx
    .selectFrom('invoice_line')
    .select(['invoice_id', 'amount'])
    .where('invoice_id', 'in', invoiceIds)
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
  const byInvoice = new Map<string, { amount: number }[]>();
  for (const row of rows) {
    const lines = byInvoice.get(row.invoice_id) ?? [];
    lines.push({ amount: row.amount });
    byInvoice.set(row.invoice_id, lines);
  }
  return byInvoice;
}

export interface FinalizedInvoice {
  number: string;
  totals: InvoiceTotals;
  taxRate: TaxRate | null;
  buyer: InvoiceBuyerSnapshot | null;
  issuedAt: Date;
}

/** The drafts become open with their numbers, final totals, tax rates and buyer snapshots (one statement). */
export async function markInvoicesFinalized(
  trx: BillfoldTransaction,
  finalized: readonly (FinalizedInvoice & { invoiceId: string })[],
): Promise<void> {
  if (finalized.length === 0) return;
  const values = sql.join(
    finalized.map(
      (f) => sql`(${f.invoiceId}::text, ${f.number}::text, ${f.totals.subtotal}::bigint, ${f.totals.tax}::bigint,
        ${f.totals.total}::bigint, ${f.taxRate ? JSON.stringify(f.taxRate) : null}::jsonb,
        ${f.buyer ? JSON.stringify(f.buyer) : null}::jsonb, ${f.issuedAt}::timestamptz)`,
    ),
  );
  await sql`update invoice set status = 'open', number = v.number, subtotal = v.subtotal, tax = v.tax,
      total = v.total, tax_rate = v.tax_rate, buyer = v.buyer, issued_at = v.issued_at
    from (values ${values}) as v(id, number, subtotal, tax, total, tax_rate, buyer, issued_at)
    where invoice.id = v.id`.execute(trx);
}

/**
 * Bumps the counter row for the prefix by `count` (creating it) and returns the first of the `count` numbers taken.
 * The row's lock makes concurrent finalizations queue; a rolled-back finalization gives its numbers back.
 */
export async function takeInvoiceSequences(trx: BillfoldTransaction, prefix: string, count: number): Promise<number> {
  const row = await trx
    .insertInto('invoice_number_counter')
    .values({ prefix, last_number: count })
    .onConflict((oc) =>
      oc.column('prefix').doUpdateSet({ last_number: sql<number>`invoice_number_counter.last_number + ${count}` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number) - count + 1;
}

/** Voids the invoice if it is still open; returns it then (with what the balance paid of it), else undefined. */
export async function voidOpenInvoice(
  trx: BillfoldTransaction,
  invoiceId: string,
  at: Date,
): Promise<{ id: string; number: string | null; currency: string; appliedBalance: number } | undefined> {
  const voided = await trx
    .updateTable('invoice')
    .set({ status: 'void', voided_at: at })
    .where('id', '=', invoiceId)
    .where('status', '=', 'open')
    .returning(['id', 'number', 'currency', 'applied_balance'])
    .executeTakeFirst();
  return (
    voided && {
      id: voided.id,
      number: voided.number,
      currency: voided.currency,
      appliedBalance: Number(voided.applied_balance),
    }
  );
}

/**
 * The paid invoice that bought a subscription's period starting at `periodStart` (its first payment or its renewal);
 * undefined when none did (a trial, or a period not yet paid).
 */
export async function paidInvoiceOfPeriod(
  trx: BillfoldTransaction,
  subscriptionId: string,
  periodStart: Date,
): Promise<{ id: string; total: number } | undefined> {
  const row = await trx
    .selectFrom('invoice')
    .select(['id', 'total'])
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'paid')
    .where('billing_reason', 'in', ['subscription_create', 'subscription_cycle'])
    .where('period_start', '=', periodStart)
    .orderBy('paid_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { id: row.id, total: Number(row.total) };
}
