// Moves money through the customer balance inside the caller's transaction, which holds the workspace's lock: a credit
// note credited to the balance, and finalized invoices drawing on it (after tax, before the card is charged, never
// below zero; the rest is carried). Each writes a ledger entry with the balance after it, a
// customer.balance.updated event and, for a credit, an audit entry. A voided invoice gives back what it drew.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { applyBalance, creditBalance, returnAppliedBalance } from '../../domain/customer-balance/customer-balance.ts';
import { newId } from '../../domain/ids.ts';
import { formatMoney } from '../../domain/money/money.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { type BillingEvent, recordEvents } from '../events/record-event.ts';
import {
  balancesOf,
  insertBalanceEntries,
  markBalanceApplied,
  type NewBalanceEntry,
} from './customer-balance.queries.ts';

type BalanceDeps = Pick<BillingDeps, 'clock'>;

/** Credits a credit note's total to the workspace's balance. */
export async function creditCustomerBalance(
  trx: BillfoldTransaction,
  deps: BalanceDeps,
  credit: { workspaceId: string; creditNoteId: string; number: string; amount: number; currency: string },
  actor: AuditActor,
): Promise<void> {
  const current = (await balancesOf(trx, [credit.workspaceId])).get(credit.workspaceId);
  const balance = current && current.currency === credit.currency ? current.balance : 0;
  if (current && current.currency !== credit.currency && current.balance !== 0) {
    throw new Error(`The balance of ${credit.workspaceId} is in ${current.currency}, not ${credit.currency}`);
  }
  const entry: NewBalanceEntry = {
    id: newId('cbt'),
    workspaceId: credit.workspaceId,
    type: 'credit_note',
    amount: -credit.amount,
    balanceAfter: creditBalance(balance, credit.amount),
    currency: credit.currency,
    creditNoteId: credit.creditNoteId,
    invoiceId: null,
    description: `Credit note ${credit.number}: ${formatMoney(credit.amount, credit.currency)} credited`,
    createdAt: toDate(deps.clock.now()),
  };
  await insertBalanceEntries(trx, [entry]);
  await recordEvents(trx, deps.clock, [balanceEvent(entry, balance)]);
  await recordAudit(trx, deps.clock, {
    workspaceId: credit.workspaceId,
    actor,
    action: 'customer_balance.credited',
    targetId: credit.creditNoteId,
    before: { balance },
    after: { balance: entry.balanceAfter, amount: credit.amount, currency: credit.currency },
  });
}

export interface InvoiceToApplyBalance {
  invoiceId: string;
  workspaceId: string;
  number: string;
  currency: string;
  total: number;
}

/**
 * Finalized invoices draw on their workspaces' balances, in the order given (a workspace's balance is carried from one
 * to the next); answers each invoice's amount due, in order. A balance in another currency is not applied.
 */
export async function applyCustomerBalance(
  trx: BillfoldTransaction,
  deps: BalanceDeps,
  invoices: readonly InvoiceToApplyBalance[],
): Promise<number[]> {
  const balances = await balancesOf(
    trx,
    invoices.map((invoice) => invoice.workspaceId),
  );
  const entries: NewBalanceEntry[] = [];
  const events: BillingEvent[] = [];
  const applications: { invoiceId: string; applied: number }[] = [];
  const createdAt = toDate(deps.clock.now());
  const amountsDue = invoices.map((invoice) => {
    const found = balances.get(invoice.workspaceId);
    // A negative invoice starts a balance in its currency; a positive one draws only on a balance in its own.
    const current = found ?? (invoice.total < 0 ? { balance: 0, currency: invoice.currency } : undefined);
    if (!current || (current.currency !== invoice.currency && !(invoice.total < 0 && current.balance === 0))) {
      return Math.max(0, invoice.total);
    }
    const { applied, amountDue, balanceAfter } = applyBalance(invoice.total, current.balance);
    if (applied === 0) return amountDue;
    const credited = applied < 0;
    const amount = formatMoney(Math.abs(applied), invoice.currency);
    const entry: NewBalanceEntry = {
      id: newId('cbt'),
      workspaceId: invoice.workspaceId,
      type: credited ? 'invoice_credit' : 'applied_to_invoice',
      amount: applied,
      balanceAfter,
      currency: invoice.currency,
      creditNoteId: null,
      invoiceId: invoice.invoiceId,
      description: credited
        ? `Credit from invoice ${invoice.number}: ${amount} for unused time`
        : `Applied to invoice ${invoice.number}: ${amount}`,
      createdAt,
    };
    events.push(balanceEvent(entry, current.balance));
    entries.push(entry);
    applications.push({ invoiceId: invoice.invoiceId, applied });
    balances.set(invoice.workspaceId, { balance: balanceAfter, currency: invoice.currency });
    return amountDue;
  });
  await insertBalanceEntries(trx, entries);
  await markBalanceApplied(trx, applications);
  await recordEvents(trx, deps.clock, events);
  return amountsDue;
}

/**
 * An invoice voided while open gives back what the balance paid of it, in the voiding transaction: a ledger entry
 * "Balance returned from voided invoice BF-…" and a customer.balance.updated event. Nothing when it drew nothing.
 */
export async function returnBalanceOfVoidedInvoice(
  trx: BillfoldTransaction,
  deps: BalanceDeps,
  invoice: { invoiceId: string; workspaceId: string; number: string; currency: string; appliedBalance: number },
): Promise<void> {
  if (invoice.appliedBalance <= 0) return;
  const current = (await balancesOf(trx, [invoice.workspaceId])).get(invoice.workspaceId);
  // The balance it drew on was in the invoice's currency, and a ledger never changes currency while it is not zero.
  const balance = current?.currency === invoice.currency ? current.balance : 0;
  const { returned, balanceAfter } = returnAppliedBalance(balance, invoice.appliedBalance);
  const entry: NewBalanceEntry = {
    id: newId('cbt'),
    workspaceId: invoice.workspaceId,
    type: 'unapplied_from_invoice',
    amount: -returned,
    balanceAfter,
    currency: invoice.currency,
    creditNoteId: null,
    invoiceId: invoice.invoiceId,
    description: `Balance returned from voided invoice ${invoice.number}: ${formatMoney(returned, invoice.currency)}`,
    createdAt: toDate(deps.clock.now()),
  };
  await insertBalanceEntries(trx, [entry]);
  await recordEvents(trx, deps.clock, [balanceEvent(entry, balance)]);
}

function balanceEvent(entry: NewBalanceEntry, before: number): BillingEvent {
  return {
    workspaceId: entry.workspaceId,
    type: 'customer.balance.updated',
    data: {
      object: {
        balance: entry.balanceAfter,
        currency: entry.currency,
        transaction: {
          id: entry.id,
          type: entry.type,
          amount: entry.amount,
          balanceAfter: entry.balanceAfter,
          currency: entry.currency,
          creditNoteId: entry.creditNoteId,
          invoiceId: entry.invoiceId,
          description: entry.description,
          createdAt: entry.createdAt,
        },
      },
      previous: { balance: before },
    },
  };
}
