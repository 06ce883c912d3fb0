// Records one change of a workspace's credits on its locked wallet: checks that the ledger and the wallet move
// together, gives each ledger entry its id and the balance after it, decides the outbox events the change causes,
// and writes it all as one statement (credit-wallet-change.queries.ts), which keeps the wallet's lock short
// (docs/decisions/007).

import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { type BalanceSignal, balanceSignals } from '../../domain/credits/balance-signals.ts';
import { balanceOf, type OpenGrant } from '../../domain/credits/credit-wallet.ts';
import { newId } from '../../domain/ids.ts';
import type { BillingEvent } from '../events/record-event.ts';
import type { LockedCreditAccount } from './credit-account.queries.ts';
import type { CreditLedgerEntry } from './credit-ledger.queries.ts';
import { type LedgerEntry, type NewGrant, writeWalletChange } from './credit-wallet-change.queries.ts';

export interface WalletChange {
  actor: AuditActor;
  /** The open grants after the change; their sum must equal the balance plus the entries. */
  open: OpenGrant[];
  entries: LedgerEntry[];
  grant?: NewGrant;
  /** Credits the operator's product consumed: counted for the page's period and chart and the batched event. */
  consumed?: number;
  /** How many debits `consumed` is the sum of (1 unless given: one debit). */
  consumedDebits?: number;
  /** Starts a new period on the page (a Pro period, or a purchase without periodic credits). */
  startPeriodAt?: Date;
  lowBalanceThreshold?: number | null;
  autoTopUpArmed?: boolean;
  /** Auto top-up: a purchase of this pack, requested in the same statement and bought after commit. */
  topUp?: { purchaseId: string; packId: string; credits: number };
}

export interface RecordedWalletChange {
  entryIds: string[];
  balanceAfter: number;
}

export async function recordWalletChange(
  trx: BillfoldTransaction,
  now: Date,
  account: LockedCreditAccount,
  change: WalletChange,
): Promise<RecordedWalletChange> {
  if (change.entries.length === 0) throw new Error('A change of credits needs at least one ledger entry');
  const balanceAfter = balanceOf(change.open);
  const ledgerSum = change.entries.reduce((sum, entry) => sum + entry.credits, 0);
  if (account.balance + ledgerSum !== balanceAfter) {
    // A bug, never a user error: the ledger and the wallet must move together.
    throw new Error(
      `Credit ledger out of step for ${account.workspaceId}: ${account.balance} + ${ledgerSum} ≠ ${balanceAfter}`,
    );
  }
  const entryIds = change.entries.map(() => newId('ctx'));
  let running = account.balance;
  const entries = change.entries.map((entry, index) => {
    running += entry.credits;
    return { ...entry, id: entryIds[index] as string, balanceAfter: running };
  });
  await writeWalletChange(trx, now, {
    workspaceId: account.workspaceId,
    actor: change.actor,
    balanceAfter,
    open: change.open,
    entries,
    grant: change.grant,
    consumed: change.consumed ?? 0,
    consumedDebits: change.consumedDebits ?? 1,
    startPeriodAt: change.startPeriodAt,
    lowBalanceThreshold: change.lowBalanceThreshold,
    autoTopUpArmed: change.autoTopUpArmed,
    topUp: change.topUp,
    events: eventsOf(account, change, entries, now),
  });
  return { entryIds, balanceAfter };
}

/**
 * The events of a change, each carrying a ledger entry as GET …/credits/transactions lists it: credits.granted the
 * grant's entry; credits.low_balance and credits.depleted the entry that took the balance across the line (its
 * balanceAfter is the balance).
 */
function eventsOf(
  account: LockedCreditAccount,
  change: WalletChange,
  entries: readonly (LedgerEntry & { id: string; balanceAfter: number })[],
  now: Date,
): BillingEvent[] {
  const workspaceId = account.workspaceId;
  const events: BillingEvent[] = [];
  const viewOf = (entry: LedgerEntry & { id: string; balanceAfter: number }): CreditLedgerEntry => ({
    id: entry.id,
    type: entry.type,
    credits: entry.credits,
    balanceAfter: entry.balanceAfter,
    description: entry.description,
    metadata: entry.metadata ?? null,
    actor: change.actor,
    grantId: entry.grantId ?? null,
    createdAt: now,
  });
  const grantEntry = change.grant && entries.find((e) => e.grantId === change.grant?.id && e.credits > 0);
  if (grantEntry) events.push({ workspaceId, type: 'credits.granted', data: { object: viewOf(grantEntry) } });
  const last = entries.at(-1);
  if (!last) return events;
  for (const signal of balanceSignals(account.balance, last.balanceAfter, account.lowBalanceThreshold)) {
    events.push({
      workspaceId,
      type: signal === 'low_balance' ? 'credits.low_balance' : 'credits.depleted',
      data: { object: viewOf(crossingEntry(account, entries, signal) ?? last) },
    });
  }
  return events;
}

/** Of a change with many entries (a batch of debits), the first whose own step crosses the signal's line. */
function crossingEntry<Entry extends { balanceAfter: number }>(
  account: LockedCreditAccount,
  entries: readonly Entry[],
  signal: BalanceSignal,
): Entry | undefined {
  let before = account.balance;
  for (const entry of entries) {
    if (balanceSignals(before, entry.balanceAfter, account.lowBalanceThreshold).includes(signal)) return entry;
    before = entry.balanceAfter;
  }
  return undefined;
}
