// SQL of the customer balance: the latest entry of workspaces' ledgers (its balance-after is the balance), appending
// entries, the ledger by keyset pages, and the whole ledger for verify. The one writer of
// customer_balance_transaction; invoice.applied_balance is written here too, in the finalizing transaction.
import type { BillfoldDb } from '../../db/connection.ts';
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { CustomerBalanceTransactionTable } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export interface CustomerBalance {
  balance: number;
  /** The currency of its ledger; null before the first entry. */
  currency: string | null;
}

/** Each workspace's balance now (the last entry's balance-after); a workspace without entries is absent. */
export async function balancesOf(
  db: BillfoldDb,
  workspaceIds: readonly string[],
): Promise<Map<string, { balance: number; currency: string }>> {
  if (workspaceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('customer_balance_transaction')
    .select(['workspace_id', 'balance_after', 'currency'])
    .distinctOn('workspace_id')
    .where('workspace_id', 'in', [...new Set(workspaceIds)])
    .orderBy('workspace_id')
    .orderBy('seq', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.workspace_id, { balance: Number(row.balance_after), currency: row.currency }]));
}

export interface NewBalanceEntry {
  id: string;
  workspaceId: string;
  type: CustomerBalanceTransactionTable['type'];
  amount: number;
  balanceAfter: number;
  currency: string;
  creditNoteId: string | null;
  invoiceId: string | null;
  description: string;
  createdAt: Date;
}

export async function insertBalanceEntries(
  trx: BillfoldTransaction,
  entries: readonly NewBalanceEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('customer_balance_transaction')
    .values(
      entries.map((entry) => ({
        id: entry.id,
        workspace_id: entry.workspaceId,
        type: entry.type,
        amount: entry.amount,
        balance_after: entry.balanceAfter,
        currency: entry.currency,
        credit_note_id: entry.creditNoteId,
        invoice_id: entry.invoiceId,
        description: entry.description,
        created_at: entry.createdAt,
      })),
    )
    .execute();
}

export async function markBalanceApplied(
  trx: BillfoldTransaction,
  applications: readonly { invoiceId: string; applied: number }[],
): Promise<void> {
  for (const { invoiceId, applied } of applications) {
    await trx.updateTable('invoice').set({ applied_balance: applied }).where('id', '=', invoiceId).execute();
  }
}

export interface BalanceTransactionView {
  id: string;
  type: CustomerBalanceTransactionTable['type'];
  amount: number;
  balanceAfter: number;
  currency: string;
  creditNoteId: string | null;
  invoiceId: string | null;
  description: string;
  createdAt: Date;
}

/** A keyset page of the workspace's ledger, newest first. */
export async function listBalanceTransactions(
  db: BillfoldDb,
  workspaceId: string,
  page: PageRequest,
): Promise<Page<BalanceTransactionView>> {
  let query = db
    .selectFrom('customer_balance_transaction')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('seq', 'desc')
    .limit(page.limit + 1);
  if (page.startingAfter !== undefined) {
    const cursor = page.startingAfter;
    query = query.where('seq', '<', (eb) =>
      eb.selectFrom('customer_balance_transaction').select('seq').where('id', '=', cursor),
    );
  }
  const { data, hasMore } = toPage(await query.execute(), page.limit);
  return {
    data: data.map((row) => ({
      id: row.id,
      type: row.type,
      amount: Number(row.amount),
      balanceAfter: Number(row.balance_after),
      currency: row.currency,
      creditNoteId: row.credit_note_id,
      invoiceId: row.invoice_id,
      description: row.description,
      createdAt: row.created_at,
    })),
    hasMore,
  };
}

/** Every workspace's ledger in order, for `billfold verify`. */
export async function allBalanceLedgers(
  db: BillfoldDb,
): Promise<Map<string, { id: string; amount: number; balanceAfter: number }[]>> {
  const rows = await db
    .selectFrom('customer_balance_transaction')
    .select(['id', 'workspace_id', 'amount', 'balance_after'])
    .orderBy('workspace_id')
    .orderBy('seq')
    .execute();
  const ledgers = new Map<string, { id: string; amount: number; balanceAfter: number }[]>();
  for (const row of rows) {
    const ledger = ledgers.get(row.workspace_id) ?? [];
    ledger.push({ id: row.id, amount: Number(row.amount), balanceAfter: Number(row.balance_after) });
    ledgers.set(row.workspace_id, ledger);
  }
  return ledgers;
}
