// Records one change of a workspace's credits on its locked wallet: checks that the ledger and the wallet move
// together, gives each ledger entry its id and the balance after it, decides the outbox events the change causes,
// and writes it all as one statement (credit-wallet-change.queries.ts), which keeps the wallet's lock short
// (docs/decisions/007).

import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { balanceSignals } from '../../domain/credits/balance-signals.ts';
import { balanceOf, type OpenGrant } from '../../domain/credits/credit-wallet.ts';
import { newId } from '../../domain/ids.ts';
import type { BillingEvent } from '../events/record-event.ts';
import type { LockedCreditAccount } from './credit-account.queries.ts';
import { type LedgerEntry, type NewGrant, writeWalletChange } from './credit-wallet-change.queries.ts';

export interface WalletChange {
  actor: AuditActor;
  /** The open grants after the change; their sum must equal the balance plus the entries. */
  open: OpenGrant[];
  entries: LedgerEntry[];
  grant?: NewGrant;
  /** Credits the operator's product consumed: counted for the page's period and chart and the batched event. */
  consumed?: number;
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
    startPeriodAt: change.startPeriodAt,
    lowBalanceThreshold: change.lowBalanceThreshold,
    autoTopUpArmed: change.autoTopUpArmed,
    topUp: change.topUp,
    events: eventsOf(account, change, balanceAfter),
  });
  return { entryIds, balanceAfter };
}

function eventsOf(account: LockedCreditAccount, change: WalletChange, balanceAfter: number): BillingEvent[] {
  const workspaceId = account.workspaceId;
  const events: BillingEvent[] = [];
  if (change.grant) {
    events.push({
      workspaceId,
      type: 'credits.granted',
      data: {
        grantId: change.grant.id,
        source: change.grant.source,
        credits: change.grant.credits,
        expiresAt: change.grant.expiresAt,
        invoiceId: change.grant.invoiceId,
        balance: balanceAfter,
      },
    });
  }
  for (const signal of balanceSignals(account.balance, balanceAfter, account.lowBalanceThreshold)) {
    events.push({
      workspaceId,
      type: signal === 'low_balance' ? 'credits.low_balance' : 'credits.depleted',
      data: { balance: balanceAfter, threshold: account.lowBalanceThreshold },
    });
  }
  return events;
}
