// Writes one change of a workspace's credits as a single statement on its locked wallet: the wallet row, the
// ledger entries (each with the balance after it), a new grant, the day's usage, a requested top-up, and the
// outbox events the change causes. One statement keeps the wallet's lock short (docs/decisions/007).
import { type RawBuilder, sql } from 'kysely';
import type { CreditGrantSource, CreditTransactionType } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { balanceSignals } from '../../domain/credits/balance-signals.ts';
import { balanceOf, type GrantDraw, type OpenGrant } from '../../domain/credits/credit-wallet.ts';
import { newId } from '../../domain/ids.ts';
import type { AuditActor } from '../access/actor.ts';
import { type BillingEvent, outboxRowOf } from '../events/record-event.ts';
import { type LockedCreditAccount, nextExpiryOf, storedOpenGrants } from './credit-account.queries.ts';

export interface LedgerEntry {
  type: CreditTransactionType;
  /** Signed: grants add, debits and expiries take away. */
  credits: number;
  grantId?: string;
  drawnFrom?: GrantDraw[];
  description: string;
  metadata?: Record<string, unknown> | null;
  idempotencyKey?: string;
  requestFingerprint?: string;
}

export interface NewGrant {
  id: string;
  source: CreditGrantSource;
  credits: number;
  expiresAt: Date | null;
  description: string;
  invoiceId: string | null;
  subscriptionId: string | null;
}

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
  const workspaceId = account.workspaceId;
  const entryIds = change.entries.map(() => newId('ctx'));
  let running = account.balance;
  const ledgerRows = change.entries.map((entry, index) => {
    running += entry.credits;
    return {
      id: entryIds[index] as string,
      workspace_id: workspaceId,
      type: entry.type,
      credits: entry.credits,
      balance_after: running,
      grant_id: entry.grantId ?? null,
      drawn_from: entry.drawnFrom ? JSON.stringify(entry.drawnFrom) : null,
      description: entry.description,
      metadata: entry.metadata ? JSON.stringify(entry.metadata) : null,
      actor_type: change.actor.type,
      actor_id: change.actor.id,
      idempotency_key: entry.idempotencyKey ?? null,
      request_fingerprint: entry.requestFingerprint ?? null,
      created_at: now,
    };
  });

  const consumed = change.consumed ?? 0;
  const steps: RawBuilder<unknown>[] = [];
  steps.push(
    sql`wallet as (${trx
      .updateTable('credit_account')
      .set((eb) => ({
        balance: balanceAfter,
        open_grants: storedOpenGrants(change.open),
        next_expiry_at: nextExpiryOf(change.open),
        updated_at: now,
        ...(change.startPeriodAt
          ? { period_start: change.startPeriodAt, period_consumed: consumed }
          : consumed > 0
            ? { period_consumed: eb('period_consumed', '+', consumed) }
            : {}),
        ...(consumed > 0
          ? {
              unreported_credits: eb('unreported_credits', '+', consumed),
              unreported_debits: eb('unreported_debits', '+', 1),
            }
          : {}),
        ...(change.lowBalanceThreshold !== undefined ? { low_balance_threshold: change.lowBalanceThreshold } : {}),
        ...(change.autoTopUpArmed !== undefined ? { auto_top_up_armed: change.autoTopUpArmed } : {}),
      }))
      .where('workspace_id', '=', workspaceId)
      .returning('workspace_id')})`,
  );
  if (change.grant) {
    const grant = change.grant;
    steps.push(
      sql`new_grant as (${trx
        .insertInto('credit_grant')
        .values({
          id: grant.id,
          workspace_id: workspaceId,
          source: grant.source,
          credits: grant.credits,
          expires_at: grant.expiresAt,
          granted_at: now,
          description: grant.description,
          invoice_id: grant.invoiceId,
          subscription_id: grant.subscriptionId,
        })
        .returning('id')})`,
    );
  }
  if (consumed > 0) {
    steps.push(
      sql`usage as (${trx
        .insertInto('credit_usage_day')
        .values({ workspace_id: workspaceId, day: now.toISOString().slice(0, 10), credits: consumed, debits: 1 })
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'day']).doUpdateSet((eb) => ({
            credits: eb('credit_usage_day.credits', '+', consumed),
            debits: eb('credit_usage_day.debits', '+', 1),
          })),
        )
        .returning('day')})`,
    );
  }
  if (change.topUp) {
    steps.push(
      sql`top_up as (${trx
        .insertInto('credit_purchase')
        .values({
          id: change.topUp.purchaseId,
          workspace_id: workspaceId,
          invoice_id: null,
          pack_id: change.topUp.packId,
          credits: change.topUp.credits,
          reason: 'auto_top_up',
          status: 'requested',
          failure_message: null,
          created_at: now,
          settled_at: null,
        })
        .returning('id')})`,
    );
  }
  const events = eventsOf(account, change, balanceAfter);
  if (events.length > 0) {
    steps.push(
      sql`events as (${trx
        .insertInto('outbox_event')
        .values(events.map((event) => outboxRowOf(event, now)))
        .returning('id')})`,
    );
  }
  const writeLedger = trx.insertInto('credit_transaction').values(ledgerRows);
  await sql`with ${sql.join(steps)} ${writeLedger}`.execute(trx);
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
