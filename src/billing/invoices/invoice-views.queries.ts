// SQL for reading issued invoices as the invoice view: one invoice, a page of them, the one behind a hosted
// page's token; lines and the latest payment attempt in one query each, whatever the number of invoices.
import type { BillfoldDb } from '../../db/connection.ts';
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { InvoiceRow } from '../../db/tables.ts';
import { voidReason } from '../../domain/invoices/void-reason.ts';
import type { InvoiceCreditNoteView, InvoiceLineView, InvoicePaymentView, InvoiceView } from './invoice-view.ts';
import { listedInvoicesNewestFirst } from './listed-invoices.queries.ts';

/** The workspace's issued (not draft) invoice, or undefined. */
export async function findIssuedInvoice(
  db: BillfoldDb,
  baseUrl: string,
  workspaceId: string,
  invoiceId: string,
): Promise<InvoiceView | undefined> {
  const row = await db
    .selectFrom('invoice')
    .selectAll()
    .where('id', '=', invoiceId)
    .where('workspace_id', '=', workspaceId)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  if (!row) return undefined;
  const [view] = await loadInvoiceViews(db, baseUrl, [row]);
  return view;
}

/** An invoice by id, whatever its status, as the view an event carries (the caller knows it exists). */
export async function loadInvoiceView(db: BillfoldDb, baseUrl: string, invoiceId: string): Promise<InvoiceView> {
  const [view] = await loadInvoiceViewsById(db, baseUrl, [invoiceId]);
  if (!view) throw new Error(`No view of invoice ${invoiceId}`);
  return view;
}

/** The same for several invoices (a batch of renewals), in the order of `invoiceIds`: three queries in all. */
export async function loadInvoiceViewsById(
  db: BillfoldDb,
  baseUrl: string,
  invoiceIds: readonly string[],
): Promise<InvoiceView[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await db.selectFrom('invoice').selectAll().where('id', 'in', invoiceIds).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return loadInvoiceViews(
    db,
    baseUrl,
    invoiceIds.map((id) => {
      const row = byId.get(id);
      if (!row) throw new Error(`No invoice ${id}`);
      return row;
    }),
  );
}

/** A keyset page of the workspace's issued invoices, newest first. */
export async function listIssuedInvoices(
  db: BillfoldDb,
  baseUrl: string,
  workspaceId: string,
  page: PageRequest,
): Promise<Page<InvoiceView>> {
  const rows = await listedInvoicesNewestFirst(db, workspaceId, page.startingAfter)
    .selectAll()
    .limit(page.limit + 1)
    .execute();
  const { data, hasMore } = toPage(rows, page.limit);
  return { data: await loadInvoiceViews(db, baseUrl, data), hasMore };
}

/**
 * The issued invoice behind a hosted page's token, with its workspace's name and whether the workspace's
 * subscription is past due (its open invoices are then due now), or undefined.
 */
export async function findInvoiceByHostedToken(
  db: BillfoldDb,
  baseUrl: string,
  hostedToken: string,
): Promise<{ invoice: InvoiceView; workspaceName: string; subscriptionPastDue: boolean } | undefined> {
  const row = await db
    .selectFrom('invoice')
    .innerJoin('organization', 'organization.id', 'invoice.workspace_id')
    .selectAll('invoice')
    .select('organization.name as workspace_name')
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('subscription')
            .select('subscription.id')
            .whereRef('subscription.workspace_id', '=', 'invoice.workspace_id')
            .where('subscription.status', '=', 'past_due'),
        )
        .as('subscription_past_due'),
    )
    .where('invoice.hosted_token', '=', hostedToken)
    .where('invoice.status', '!=', 'draft')
    .executeTakeFirst();
  if (!row) return undefined;
  const { workspace_name, subscription_past_due, ...invoice } = row;
  const [view] = await loadInvoiceViews(db, baseUrl, [invoice]);
  return view
    ? { invoice: view, workspaceName: workspace_name, subscriptionPastDue: Boolean(subscription_past_due) }
    : undefined;
}

/** Turns invoice rows into invoice views, with the hosted page and PDF links. */
export async function loadInvoiceViews(
  db: BillfoldDb,
  baseUrl: string,
  invoices: readonly InvoiceRow[],
): Promise<InvoiceView[]> {
  if (invoices.length === 0) return [];
  const ids = invoices.map((invoice) => invoice.id);
  const lines = await db
    .selectFrom('invoice_line')
    .selectAll()
    .where('invoice_id', 'in', ids)
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
  const attempts = await db
    .selectFrom('payment_attempt')
    .innerJoin('payment_method', 'payment_method.id', 'payment_attempt.payment_method_id')
    .select([
      'payment_attempt.invoice_id',
      'payment_attempt.status',
      'payment_attempt.failure_message',
      'payment_attempt.next_action_url',
      'payment_method.brand',
      'payment_method.last4',
    ])
    .distinctOn('payment_attempt.invoice_id')
    .where('payment_attempt.invoice_id', 'in', ids)
    .orderBy('payment_attempt.invoice_id')
    .orderBy('payment_attempt.id', 'desc')
    .execute();
  const creditNotes = await db
    .selectFrom('credit_note')
    .select(['id', 'invoice_id', 'workspace_id', 'number', 'total', 'credited_to', 'issued_at', 'hosted_token'])
    .where('invoice_id', 'in', ids)
    .orderBy('invoice_id')
    .orderBy('id')
    .execute();
  const creditNotesByInvoice = new Map<string, InvoiceCreditNoteView[]>();
  for (const note of creditNotes) {
    const list = creditNotesByInvoice.get(note.invoice_id) ?? [];
    list.push({
      id: note.id,
      number: note.number,
      total: Number(note.total),
      creditedTo: note.credited_to,
      issuedAt: note.issued_at,
      hostedUrl: `${baseUrl}/credit-notes/${note.hosted_token}`,
      pdfUrl: `${baseUrl}/v1/workspaces/${note.workspace_id}/credit-notes/${note.id}/pdf`,
    });
    creditNotesByInvoice.set(note.invoice_id, list);
  }
  const linesByInvoice = new Map<string, InvoiceLineView[]>();
  for (const line of lines) {
    const list = linesByInvoice.get(line.invoice_id) ?? [];
    list.push({
      description: line.description,
      quantity: line.quantity,
      unitAmount: line.unit_amount,
      amount: line.amount,
      periodStart: line.period_start,
      periodEnd: line.period_end,
      proration: line.proration,
    });
    linesByInvoice.set(line.invoice_id, list);
  }
  const paymentByInvoice = new Map<string, InvoicePaymentView>(
    attempts.map((attempt) => [
      attempt.invoice_id,
      { status: attempt.status, failureMessage: attempt.failure_message, nextActionUrl: attempt.next_action_url },
    ]),
  );
  const triedCardByInvoice = new Map(
    attempts.map((attempt) => [attempt.invoice_id, { brand: attempt.brand, last4: attempt.last4 }]),
  );
  return invoices.map((invoice) => {
    const payment = paymentByInvoice.get(invoice.id) ?? null;
    const invoiceCreditNotes = creditNotesByInvoice.get(invoice.id) ?? [];
    return {
      id: invoice.id,
      number: invoice.number,
      status: invoice.status,
      currency: invoice.currency,
      subtotal: invoice.subtotal,
      tax: invoice.tax,
      total: invoice.total,
      taxRate: invoice.tax_rate,
      issuedAt: invoice.issued_at,
      paidAt: invoice.paid_at,
      periodStart: invoice.period_start,
      periodEnd: invoice.period_end,
      lines: linesByInvoice.get(invoice.id) ?? [],
      // A paid invoice keeps the card that paid it; an unpaid one shows the card its last attempt tried.
      paymentMethod: invoice.payment_method
        ? { brand: invoice.payment_method.brand, last4: invoice.payment_method.last4 }
        : (triedCardByInvoice.get(invoice.id) ?? null),
      billingDetails: invoice.buyer,
      payment,
      voidReason: invoice.status === 'void' ? voidReason(payment) : null,
      appliedBalance: Number(invoice.applied_balance),
      amountDue: Number(invoice.total) - Number(invoice.applied_balance),
      amountCredited: invoiceCreditNotes.reduce((sum, note) => sum + note.total, 0),
      creditNotes: invoiceCreditNotes,
      hostedUrl: `${baseUrl}/invoices/${invoice.hosted_token}`,
      pdfUrl: `${baseUrl}/v1/workspaces/${invoice.workspace_id}/invoices/${invoice.id}/pdf`,
    };
  });
}
