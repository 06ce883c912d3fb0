// SQL for the invoice side of a payment: the invoice being paid (with what it pays for), the card it is charged
// on, and marking it paid. Rows are mapped to plain objects here.

import { sql } from 'kysely';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingReason } from '../../domain/invoices/billing-reason.ts';
import type { InvoiceStatusName } from '../../domain/invoices/invoice-status.ts';
import type { AttachedCard } from '../../gateways/payment-gateway.ts';

export interface InvoiceToPay {
  id: string;
  status: InvoiceStatusName;
  number: string | null;
  total: number;
  /** The total less what the customer balance paid of it at finalization: what the card is charged. */
  amountDue: number;
  currency: string;
  /** What the invoice pays for, which decides what its settlement does; null on invoices from before subscriptions. */
  billingReason: BillingReason | null;
}

function invoiceQuery(trx: BillfoldTransaction, invoiceId: string) {
  return trx
    .selectFrom('invoice')
    .select(['id', 'status', 'number', 'total', 'applied_balance', 'currency', 'billing_reason'])
    .where('id', '=', invoiceId);
}

function invoiceToPayOf(row: {
  id: string;
  status: InvoiceStatusName;
  number: string | null;
  total: number;
  applied_balance: number;
  currency: string;
  billing_reason: BillingReason | null;
}): InvoiceToPay {
  return {
    id: row.id,
    status: row.status,
    number: row.number,
    total: row.total,
    amountDue: Number(row.total) - Number(row.applied_balance),
    currency: row.currency,
    billingReason: row.billing_reason,
  };
}

/** The workspace's invoice, or undefined when the workspace has no such invoice. */
export async function findWorkspaceInvoice(
  trx: BillfoldTransaction,
  workspaceId: string,
  invoiceId: string,
): Promise<InvoiceToPay | undefined> {
  const row = await invoiceQuery(trx, invoiceId).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row && invoiceToPayOf(row);
}

/** The invoice an attempt pays. */
export async function invoiceOfAttempt(trx: BillfoldTransaction, invoiceId: string): Promise<InvoiceToPay> {
  return invoiceToPayOf(await invoiceQuery(trx, invoiceId).executeTakeFirstOrThrow());
}

/** The cards to charge, by payment method id (a method that no longer exists is absent). */
export async function findChargeableCards(
  trx: BillfoldTransaction,
  paymentMethodIds: readonly string[],
): Promise<Map<string, { id: string; gatewayRef: string }>> {
  if (paymentMethodIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('payment_method')
    .select(['id', 'gateway_ref'])
    .where('id', 'in', [...new Set(paymentMethodIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, { id: row.id, gatewayRef: row.gateway_ref }]));
}

/** The card to charge: its gateway ref, if the payment method still exists. */
export async function findChargeableCard(
  trx: BillfoldTransaction,
  paymentMethodId: string,
): Promise<{ id: string; gatewayRef: string } | undefined> {
  const row = await trx
    .selectFrom('payment_method')
    .select(['id', 'gateway_ref'])
    .where('id', '=', paymentMethodId)
    .executeTakeFirst();
  return row && { id: row.id, gatewayRef: row.gateway_ref };
}

/**
 * Records a card handed over for one payment (the hosted page's card form): stored already removed, so the attempt
 * and the paid invoice can name it while it is never one of the workspace's cards nor charged again.
 */
export async function insertCardUsedOnce(
  trx: BillfoldTransaction,
  input: { id: string; workspaceId: string; gateway: string; card: AttachedCard; at: Date },
): Promise<{ id: string; gatewayRef: string }> {
  const row = await trx
    .insertInto('payment_method')
    .values({
      id: input.id,
      workspace_id: input.workspaceId,
      gateway: input.gateway,
      gateway_ref: input.card.gatewayRef,
      brand: input.card.brand,
      last4: input.card.last4,
      exp_month: input.card.expMonth,
      exp_year: input.card.expYear,
      created_at: input.at,
      removed_at: input.at,
    })
    .returning(['id', 'gateway_ref'])
    .executeTakeFirstOrThrow();
  return { id: row.id, gatewayRef: row.gateway_ref };
}

/** What a paid invoice keeps of the card it was paid with (also the events' `paymentMethod`). */
export interface CardSnapshot {
  id: string;
  brand: string;
  last4: string;
}

export async function cardSnapshotOf(trx: BillfoldTransaction, paymentMethodId: string): Promise<CardSnapshot> {
  const snapshot = (await cardSnapshotsOf(trx, [paymentMethodId])).get(paymentMethodId);
  if (!snapshot) throw new Error(`No payment method ${paymentMethodId}`);
  return snapshot;
}

/** Several cards' snapshots, by payment method id. */
export async function cardSnapshotsOf(
  trx: BillfoldTransaction,
  paymentMethodIds: readonly string[],
): Promise<Map<string, CardSnapshot>> {
  if (paymentMethodIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('payment_method')
    .select(['id', 'brand', 'last4'])
    .where('id', 'in', [...new Set(paymentMethodIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, { id: row.id, brand: row.brand, last4: row.last4 }]));
}

/** Marks invoices paid by card, in one statement (a batch of outcomes). */
export async function markInvoicesPaid(
  trx: BillfoldTransaction,
  paid: readonly { invoiceId: string; card: CardSnapshot }[],
  paidAt: Date,
): Promise<void> {
  if (paid.length === 0) return;
  const values = sql.join(paid.map((p) => sql`(${p.invoiceId}::text, ${JSON.stringify(p.card)}::jsonb)`));
  await sql`update invoice set status = 'paid', paid_at = ${paidAt}, payment_method = v.card
    from (values ${values}) as v(id, card) where invoice.id = v.id`.execute(trx);
}

/** Marks the invoice paid; `card` is the snapshot of the card that paid it (none when nothing was charged). */
export async function markInvoicePaid(
  trx: BillfoldTransaction,
  invoiceId: string,
  paidAt: Date,
  card: CardSnapshot | null,
): Promise<void> {
  await trx
    .updateTable('invoice')
    .set({ status: 'paid', paid_at: paidAt, ...(card ? { payment_method: JSON.stringify(card) } : {}) })
    .where('id', '=', invoiceId)
    .execute();
}
