// Creates a draft invoice with its lines inside the caller's transaction (subscriptions, purchases and the demo
// seed build invoices this way). Totals are provisional until finalizing applies the buyer's tax rate.
import { randomBytes } from 'node:crypto';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { Clock } from '../../domain/clock.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { BillingReason } from '../../domain/invoices/billing-reason.ts';
import { assertInvoiceWithinBounds, type InvoiceLine, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { insertDraftInvoices, type NewDraftInvoice } from './invoices.queries.ts';

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
  const [id] = await createDraftInvoices(trx, clock, [input]);
  if (!id) throw new Error('No draft invoice was created');
  return id;
}

/** Several drafts (a batch of renewals) in two statements; their ids, in the order of `inputs`. */
export async function createDraftInvoices(
  trx: BillfoldTransaction,
  clock: Clock,
  inputs: readonly DraftInvoiceInput[],
): Promise<string[]> {
  const createdAt = toDate(clock.now());
  const drafts = inputs.map((input): NewDraftInvoice => {
    if (input.lines.length === 0) throw new BillingError('invalid_request', 'An invoice needs at least one line.');
    const { subtotal, tax, total } = invoiceTotals(input.lines, null);
    // Before anything is written: every invoice (subscription, seats, credits, one-off) passes through here.
    assertInvoiceWithinBounds(input.lines, { subtotal, tax, total }, input.currency);
    return {
      id: newId('inv'),
      workspaceId: input.workspaceId,
      currency: input.currency.toLowerCase(),
      totals: { subtotal, tax, total },
      lines: input.lines,
      period: input.period,
      // 32 random bytes: the hosted page's URL is the only key to it.
      hostedToken: randomBytes(32).toString('base64url'),
      createdAt,
      subscriptionId: input.subscriptionId ?? null,
      billingReason: input.billingReason ?? 'manual',
      requestRef: input.requestRef ?? null,
    };
  });
  await insertDraftInvoices(trx, drafts);
  return drafts.map((draft) => draft.id);
}
