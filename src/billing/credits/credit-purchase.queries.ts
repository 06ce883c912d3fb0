// SQL for credit purchases: recording one, finding it by its invoice or id, locking it to buy or settle it, and
// moving it through requested → pending → granted | failed.
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

/** The purchase an invoice was issued for. */
export function findPurchaseOfInvoice(trx: BillfoldTransaction, invoiceId: string) {
  return trx
    .selectFrom('credit_purchase')
    .select(['id', 'credits'])
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirstOrThrow();
}

/** Records a purchase bought by hand, pending on its invoice. */
export async function insertPendingPurchase(
  trx: BillfoldTransaction,
  purchase: {
    id: string;
    workspaceId: string;
    invoiceId: string;
    packId: string | null;
    credits: number;
    createdAt: Date;
  },
): Promise<void> {
  await trx
    .insertInto('credit_purchase')
    .values({
      id: purchase.id,
      workspace_id: purchase.workspaceId,
      invoice_id: purchase.invoiceId,
      pack_id: purchase.packId,
      credits: purchase.credits,
      reason: 'manual',
      status: 'pending',
      failure_message: null,
      created_at: purchase.createdAt,
      settled_at: null,
    })
    .execute();
}

/** The workspace a purchase belongs to; undefined when there is no such purchase. */
export async function findPurchaseWorkspace(db: BillfoldDb, purchaseId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('credit_purchase')
    .select(['workspace_id'])
    .where('id', '=', purchaseId)
    .executeTakeFirst();
  return row?.workspace_id;
}

/** Locks a purchase an auto top-up requested, while it is still requested (undefined otherwise). */
export async function lockRequestedPurchase(
  trx: BillfoldTransaction,
  purchaseId: string,
): Promise<{ id: string; workspaceId: string; packId: string | null; credits: number } | undefined> {
  const row = await trx
    .selectFrom('credit_purchase')
    .selectAll()
    .where('id', '=', purchaseId)
    .where('status', '=', 'requested')
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, workspaceId: row.workspace_id, packId: row.pack_id, credits: row.credits };
}

/** The oldest purchases requested and not bought yet, at most `limit`. */
export async function listRequestedPurchaseIds(db: BillfoldDb, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('credit_purchase')
    .select('id')
    .where('status', '=', 'requested')
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/** Locks the pending purchase an invoice was issued for, with the invoice's number (undefined when none). */
export async function lockPendingPurchaseOfInvoice(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<{ id: string; workspaceId: string; credits: number; invoiceNumber: string | null } | undefined> {
  const row = await trx
    .selectFrom('credit_purchase')
    .innerJoin('invoice', 'invoice.id', 'credit_purchase.invoice_id')
    .select(['credit_purchase.id', 'credit_purchase.workspace_id', 'credit_purchase.credits', 'invoice.number'])
    .where('credit_purchase.invoice_id', '=', invoiceId)
    .where('credit_purchase.status', '=', 'pending')
    .forUpdate('credit_purchase')
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, workspaceId: row.workspace_id, credits: row.credits, invoiceNumber: row.number };
}

/** A requested purchase now has its invoice, being paid. */
export async function markPurchasePending(
  trx: BillfoldTransaction,
  purchaseId: string,
  invoiceId: string,
): Promise<void> {
  await trx
    .updateTable('credit_purchase')
    .set({ status: 'pending', invoice_id: invoiceId })
    .where('id', '=', purchaseId)
    .execute();
}

/** The purchase's credits were granted. */
export async function markPurchaseGranted(trx: BillfoldTransaction, purchaseId: string, now: Date): Promise<void> {
  await trx
    .updateTable('credit_purchase')
    .set({ status: 'granted', settled_at: now })
    .where('id', '=', purchaseId)
    .execute();
}

/** The purchase will not be granted, and why. */
export async function markPurchaseFailed(
  trx: BillfoldTransaction,
  purchaseId: string,
  failureMessage: string | null,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('credit_purchase')
    .set({ status: 'failed', failure_message: failureMessage, settled_at: now })
    .where('id', '=', purchaseId)
    .execute();
}
