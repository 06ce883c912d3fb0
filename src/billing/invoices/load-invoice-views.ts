// Turns invoice rows into the invoice view: lines and the latest payment attempt in one query each, whatever
// the number of invoices, and the hosted page and PDF links.
import type { BillfoldDb } from '../../db/connection.ts';
import type { InvoiceRow } from '../../db/tables.ts';
import type { InvoiceLineView, InvoicePaymentView, InvoiceView } from './invoice-view.ts';

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
    .select(['invoice_id', 'status', 'failure_message', 'next_action_url'])
    .distinctOn('invoice_id')
    .where('invoice_id', 'in', ids)
    .orderBy('invoice_id')
    .orderBy('id', 'desc')
    .execute();
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
  return invoices.map((invoice) => ({
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
    paymentMethod: invoice.payment_method
      ? { brand: invoice.payment_method.brand, last4: invoice.payment_method.last4 }
      : null,
    billingDetails: invoice.buyer,
    payment: paymentByInvoice.get(invoice.id) ?? null,
    hostedUrl: `${baseUrl}/invoices/${invoice.hosted_token}`,
    pdfUrl: `${baseUrl}/v1/workspaces/${invoice.workspace_id}/invoices/${invoice.id}/pdf`,
  }));
}
