// SQL of refunds and credit notes: the paid invoice and its charge a refund starts from, the refund rows (pending
// until the gateway refunded), issuing a credit note with the next CN number, and reading credit notes as views.
// The one writer of refund, credit_note and credit_note_number_counter.
import { type Selectable, sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { CreditedTo, CreditNoteReason, CreditNoteTable, RefundTable } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { CreditNoteLine } from '../../domain/credit-notes/credit-note-amounts.ts';
import type { CreditNoteView } from './credit-note-view.ts';

export const creditNotePrefix = 'CN';

export interface RefundableInvoice {
  id: string;
  number: string;
  status: string;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  lines: { description: string; quantity: number; unitAmount: number; amount: number }[];
  /** The succeeded charge that paid it, if a card paid it. */
  charge: { attemptId: string; chargeRef: string; amount: number } | null;
}

export async function findRefundableInvoice(
  trx: BillfoldTransaction,
  workspaceId: string,
  invoiceId: string,
): Promise<RefundableInvoice | undefined> {
  const invoice = await trx
    .selectFrom('invoice')
    .select(['id', 'number', 'status', 'currency', 'subtotal', 'tax', 'total'])
    .where('id', '=', invoiceId)
    .where('workspace_id', '=', workspaceId)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  if (!invoice) return undefined;
  const lines = await trx
    .selectFrom('invoice_line')
    .select(['description', 'quantity', 'unit_amount', 'amount'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .execute();
  const charge = await trx
    .selectFrom('payment_attempt')
    .select(['id', 'gateway_charge_ref', 'amount'])
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'succeeded')
    .executeTakeFirst();
  return {
    id: invoice.id,
    number: invoice.number ?? invoice.id,
    status: invoice.status,
    currency: invoice.currency,
    subtotal: Number(invoice.subtotal),
    tax: Number(invoice.tax),
    total: Number(invoice.total),
    lines: lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitAmount: Number(line.unit_amount),
      amount: Number(line.amount),
    })),
    charge:
      charge?.gateway_charge_ref != null
        ? { attemptId: charge.id, chargeRef: charge.gateway_charge_ref, amount: Number(charge.amount) }
        : null,
  };
}

/** What the invoice's refunds take back so far, pending ones included (`toCard`: of those, to its card). */
export async function refundedSoFar(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<{ total: number; toCard: number }> {
  const row = await trx
    .selectFrom('refund')
    .select([
      sql<string>`coalesce(sum(amount), 0)`.as('total'),
      sql<string>`coalesce(sum(amount) filter (where credited_to = 'card'), 0)`.as('to_card'),
    ])
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), toCard: Number(row.to_card) };
}

/** What the invoice's issued credit notes add up to (total and tax). */
export async function creditedSoFar(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<{ total: number; tax: number }> {
  const row = await trx
    .selectFrom('credit_note')
    .select([sql<string>`coalesce(sum(total), 0)`.as('total'), sql<string>`coalesce(sum(tax), 0)`.as('tax')])
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), tax: Number(row.tax) };
}

export interface Refund {
  id: string;
  workspaceId: string;
  invoiceId: string;
  amount: number;
  currency: string;
  reason: CreditNoteReason;
  memo: string | null;
  creditedTo: CreditedTo;
  status: RefundTable['status'];
  chargeRef: string | null;
  creditNoteId: string | null;
}

function refundQuery(db: BillfoldDb) {
  return db
    .selectFrom('refund')
    .leftJoin('payment_attempt', 'payment_attempt.id', 'refund.payment_attempt_id')
    .selectAll('refund')
    .select('payment_attempt.gateway_charge_ref');
}

function refundOf(row: Awaited<ReturnType<ReturnType<typeof refundQuery>['executeTakeFirstOrThrow']>>): Refund {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    invoiceId: row.invoice_id,
    amount: Number(row.amount),
    currency: row.currency,
    reason: row.reason,
    memo: row.memo,
    creditedTo: row.credited_to,
    status: row.status,
    chargeRef: row.gateway_charge_ref,
    creditNoteId: row.credit_note_id,
  };
}

export async function findRefundOfRequest(
  trx: BillfoldTransaction,
  workspaceId: string,
  requestRef: string,
): Promise<Refund | undefined> {
  const row = await refundQuery(trx)
    .where('refund.workspace_id', '=', workspaceId)
    .where('refund.request_ref', '=', requestRef)
    .executeTakeFirst();
  return row ? refundOf(row) : undefined;
}

export async function lockRefund(trx: BillfoldTransaction, refundId: string): Promise<Refund> {
  const row = await refundQuery(trx).where('refund.id', '=', refundId).forUpdate('refund').executeTakeFirstOrThrow();
  return refundOf(row);
}

export async function insertPendingRefund(
  trx: BillfoldTransaction,
  refund: {
    id: string;
    workspaceId: string;
    invoiceId: string;
    paymentAttemptId: string | null;
    amount: number;
    currency: string;
    reason: CreditNoteReason;
    memo: string | null;
    creditedTo: CreditedTo;
    actor: { type: RefundTable['actor_type']; id: string | null };
    requestRef: string | null;
    createdAt: Date;
  },
): Promise<void> {
  await trx
    .insertInto('refund')
    .values({
      id: refund.id,
      workspace_id: refund.workspaceId,
      invoice_id: refund.invoiceId,
      payment_attempt_id: refund.paymentAttemptId,
      amount: refund.amount,
      currency: refund.currency,
      reason: refund.reason,
      memo: refund.memo,
      credited_to: refund.creditedTo,
      status: 'pending',
      gateway_refund_ref: null,
      credit_note_id: null,
      actor_type: refund.actor.type,
      actor_id: refund.actor.id,
      request_ref: refund.requestRef,
      created_at: refund.createdAt,
      resolved_at: null,
    })
    .execute();
}

/** Refunds to a card still pending after `cutoff`: a crash came between asking the gateway and recording it. */
export async function strandedRefunds(db: BillfoldDb, cutoff: Date, limit: number): Promise<Refund[]> {
  const rows = await refundQuery(db)
    .where('refund.status', '=', 'pending')
    .where('refund.created_at', '<=', cutoff)
    .orderBy('refund.created_at')
    .limit(limit)
    .execute();
  return rows.map(refundOf);
}

/** Takes the next credit note number: the counter row's lock makes concurrent issues queue, so numbers have no gap. */
export async function takeCreditNoteSequence(trx: BillfoldTransaction): Promise<number> {
  const row = await trx
    .insertInto('credit_note_number_counter')
    .values({ prefix: creditNotePrefix, last_number: 1 })
    .onConflict((oc) =>
      oc.column('prefix').doUpdateSet({ last_number: sql<number>`credit_note_number_counter.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export async function insertCreditNote(
  trx: BillfoldTransaction,
  note: {
    id: string;
    workspaceId: string;
    invoiceId: string;
    number: string;
    currency: string;
    subtotal: number;
    tax: number;
    total: number;
    reason: CreditNoteReason;
    memo: string | null;
    creditedTo: CreditedTo;
    lines: CreditNoteLine[];
    hostedToken: string;
    issuedAt: Date;
  },
): Promise<void> {
  await trx
    .insertInto('credit_note')
    .values({
      id: note.id,
      workspace_id: note.workspaceId,
      invoice_id: note.invoiceId,
      number: note.number,
      currency: note.currency,
      subtotal: note.subtotal,
      tax: note.tax,
      total: note.total,
      reason: note.reason,
      memo: note.memo,
      credited_to: note.creditedTo,
      lines: JSON.stringify(note.lines),
      hosted_token: note.hostedToken,
      issued_at: note.issuedAt,
    })
    .execute();
}

export async function markRefundSucceeded(
  trx: BillfoldTransaction,
  refundId: string,
  outcome: { gatewayRefundRef: string | null; creditNoteId: string; at: Date },
): Promise<void> {
  await trx
    .updateTable('refund')
    .set({
      status: 'succeeded',
      gateway_refund_ref: outcome.gatewayRefundRef,
      credit_note_id: outcome.creditNoteId,
      resolved_at: outcome.at,
    })
    .where('id', '=', refundId)
    .execute();
}

function creditNoteRows(db: BillfoldDb) {
  return db
    .selectFrom('credit_note')
    .innerJoin('invoice', 'invoice.id', 'credit_note.invoice_id')
    .selectAll('credit_note')
    .select(['invoice.number as invoice_number', 'invoice.buyer']);
}

type CreditNoteRow = Selectable<CreditNoteTable> & { invoice_number: string | null; buyer: unknown };

function creditNoteViewOf(baseUrl: string, row: CreditNoteRow): CreditNoteView {
  return {
    id: row.id,
    number: row.number,
    invoiceId: row.invoice_id,
    invoiceNumber: row.invoice_number ?? row.invoice_id,
    currency: row.currency,
    subtotal: Number(row.subtotal),
    tax: Number(row.tax),
    total: Number(row.total),
    reason: row.reason,
    memo: row.memo,
    creditedTo: row.credited_to,
    lines: row.lines,
    billingDetails: (row.buyer ?? null) as CreditNoteView['billingDetails'],
    issuedAt: row.issued_at,
    hostedUrl: `${baseUrl}/credit-notes/${row.hosted_token}`,
    pdfUrl: `${baseUrl}/v1/workspaces/${row.workspace_id}/credit-notes/${row.id}/pdf`,
  };
}

export async function findCreditNote(
  db: BillfoldDb,
  baseUrl: string,
  workspaceId: string,
  creditNoteId: string,
): Promise<CreditNoteView | undefined> {
  const row = await creditNoteRows(db)
    .where('credit_note.id', '=', creditNoteId)
    .where('credit_note.workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row ? creditNoteViewOf(baseUrl, row) : undefined;
}

/** The credit note behind a hosted page's token, with its workspace's name. */
export async function findCreditNoteByHostedToken(
  db: BillfoldDb,
  baseUrl: string,
  hostedToken: string,
): Promise<{ creditNote: CreditNoteView; workspaceName: string } | undefined> {
  const row = await creditNoteRows(db)
    .innerJoin('organization', 'organization.id', 'credit_note.workspace_id')
    .select('organization.name as workspace_name')
    .where('credit_note.hosted_token', '=', hostedToken)
    .executeTakeFirst();
  if (!row) return undefined;
  const { workspace_name, ...note } = row;
  return { creditNote: creditNoteViewOf(baseUrl, note), workspaceName: workspace_name };
}

/** A keyset page of the workspace's credit notes (of one invoice, if named), newest first. */
export async function listWorkspaceCreditNotes(
  db: BillfoldDb,
  baseUrl: string,
  workspaceId: string,
  filter: PageRequest & { invoiceId?: string | undefined },
): Promise<Page<CreditNoteView>> {
  let query = creditNoteRows(db)
    .where('credit_note.workspace_id', '=', workspaceId)
    .orderBy('credit_note.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.invoiceId !== undefined) query = query.where('credit_note.invoice_id', '=', filter.invoiceId);
  if (filter.startingAfter !== undefined) query = query.where('credit_note.id', '<', filter.startingAfter);
  const { data, hasMore } = toPage(await query.execute(), filter.limit);
  return { data: data.map((row) => creditNoteViewOf(baseUrl, row)), hasMore };
}
