// SQL for a workspace's saved cards: save one, find one or a keyset page of them (removed ones excluded), count
// the others, mark one removed, and read or set which card is the workspace's default.
import type { BillfoldDb } from '../../db/connection.ts';
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { PaymentMethodRow } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export interface SavedCard {
  id: string;
  workspaceId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  createdAt: Date;
}

function savedCardOf(row: PaymentMethodRow): SavedCard {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    createdAt: row.created_at,
  };
}

export async function insertSavedCard(
  trx: BillfoldTransaction,
  card: Omit<SavedCard, 'createdAt'> & { gateway: string; gatewayRef: string; createdAt: Date },
): Promise<SavedCard> {
  const row = await trx
    .insertInto('payment_method')
    .values({
      id: card.id,
      workspace_id: card.workspaceId,
      gateway: card.gateway,
      gateway_ref: card.gatewayRef,
      brand: card.brand,
      last4: card.last4,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      created_at: card.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return savedCardOf(row);
}

/** The workspace's card, unless removed. */
export async function findSavedCard(
  trx: BillfoldTransaction,
  workspaceId: string,
  paymentMethodId: string,
): Promise<SavedCard | undefined> {
  const row = await trx
    .selectFrom('payment_method')
    .selectAll()
    .where('id', '=', paymentMethodId)
    .where('workspace_id', '=', workspaceId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return row ? savedCardOf(row) : undefined;
}

/** A keyset page of the workspace's cards (removed ones excluded), oldest first. */
export async function listSavedCards(db: BillfoldDb, workspaceId: string, page: PageRequest): Promise<Page<SavedCard>> {
  let query = db
    .selectFrom('payment_method')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('id', '>', page.startingAfter);
  return toPage((await query.execute()).map(savedCardOf), page.limit);
}

/** How many cards the workspace has besides this one (removed ones excluded). */
export async function countOtherSavedCards(
  trx: BillfoldTransaction,
  workspaceId: string,
  paymentMethodId: string,
): Promise<number> {
  const others = await trx
    .selectFrom('payment_method')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('workspace_id', '=', workspaceId)
    .where('removed_at', 'is', null)
    .where('id', '!=', paymentMethodId)
    .executeTakeFirstOrThrow();
  return Number(others.count);
}

export async function markSavedCardRemoved(trx: BillfoldTransaction, paymentMethodId: string, at: Date): Promise<void> {
  await trx.updateTable('payment_method').set({ removed_at: at }).where('id', '=', paymentMethodId).execute();
}

/** The workspace's default card id (null: none), read without a lock, for views. */
export async function findDefaultPaymentMethodId(db: BillfoldDb, workspaceId: string): Promise<string | null> {
  const billing = await db
    .selectFrom('workspace_billing')
    .select('default_payment_method_id')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return billing.default_payment_method_id;
}

/** Sets (or, with null, clears) the card renewals and payments charge. */
export async function setDefaultPaymentMethodId(
  trx: BillfoldTransaction,
  workspaceId: string,
  paymentMethodId: string | null,
  at: Date,
): Promise<void> {
  await trx
    .updateTable('workspace_billing')
    .set({ default_payment_method_id: paymentMethodId, updated_at: at })
    .where('workspace_id', '=', workspaceId)
    .execute();
}
