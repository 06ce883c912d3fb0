// Creates a draft invoice with its lines inside the caller's transaction (subscriptions, purchases and the demo
// seed build invoices this way). Totals are provisional until finalizing applies the buyer's tax rate.
import { randomBytes } from 'node:crypto';
import type { BillingReason } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { Clock } from '../../domain/clock.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { assertInvoiceWithinBounds, type InvoiceLine, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';

export interface DraftInvoiceInput {
  workspaceId: string;
  currency: string;
  lines: readonly InvoiceLine[];
  period: { start: Date; end: Date } | null;
  /** The subscription it bills and why; a one-off invoice has neither. */
  subscriptionId?: string;
  billingReason?: BillingReason;
  /** The keyed request that issues it (see resume-payment.ts); a retry of that request finds it by this. */
  requestRef?: string | null;
}

export async function createDraftInvoice(
  trx: BillfoldTransaction,
  clock: Clock,
  input: DraftInvoiceInput,
): Promise<string> {
  if (input.lines.length === 0) throw new BillingError('invalid_request', 'An invoice needs at least one line.');
  const id = newId('inv');
  const { subtotal, tax, total } = invoiceTotals(input.lines, null);
  // Before anything is written: every invoice (subscription, seats, credits, one-off) passes through here.
  assertInvoiceWithinBounds(input.lines, { subtotal, tax, total }, input.currency);
  await trx
    .insertInto('invoice')
    .values({
      id,
      workspace_id: input.workspaceId,
      number: null,
      status: 'draft',
      currency: input.currency.toLowerCase(),
      subtotal,
      tax,
      total,
      tax_rate: null,
      period_start: input.period?.start ?? null,
      period_end: input.period?.end ?? null,
      buyer: null,
      payment_method: null,
      // 32 random bytes: the hosted page's URL is the only key to it.
      hosted_token: randomBytes(32).toString('base64url'),
      created_at: toDate(clock.now()),
      subscription_id: input.subscriptionId ?? null,
      billing_reason: input.billingReason ?? 'manual',
      request_ref: input.requestRef ?? null,
    })
    .execute();
  await trx
    .insertInto('invoice_line')
    .values(
      input.lines.map((line, position) => ({
        invoice_id: id,
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
  return id;
}
