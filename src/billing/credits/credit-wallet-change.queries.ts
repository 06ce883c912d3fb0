// SQL writing one change of a locked wallet as a single statement: the wallet row, the ledger entries, a new
// grant, the day's usage, a requested top-up and the outbox events. One statement keeps the wallet's lock short
// (docs/decisions/007).
import { type RawBuilder, sql } from 'kysely';
import type { CreditGrantSource, CreditTransactionType } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import type { GrantDraw, OpenGrant } from '../../domain/credits/credit-wallet.ts';
import { outboxRowOf } from '../events/outbox.queries.ts';
import type { BillingEvent } from '../events/record-event.ts';
import { nextExpiryOf, storedOpenGrants } from './credit-account.queries.ts';

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

export interface WalletWrite {
  workspaceId: string;
  actor: AuditActor;
  /** The wallet after the change. */
  balanceAfter: number;
  open: readonly OpenGrant[];
  /** The ledger entries in order, each with its id and the balance right after it. */
  entries: (LedgerEntry & { id: string; balanceAfter: number })[];
  grant?: NewGrant | undefined;
  /** Credits consumed by the change (0: none), by how many debits. */
  consumed: number;
  consumedDebits: number;
  startPeriodAt?: Date | undefined;
  lowBalanceThreshold?: number | null | undefined;
  autoTopUpArmed?: boolean | undefined;
  topUp?: { purchaseId: string; packId: string; credits: number } | undefined;
  events: readonly BillingEvent[];
}

export async function writeWalletChange(trx: BillfoldTransaction, now: Date, write: WalletWrite): Promise<void> {
  const { workspaceId, consumed, consumedDebits } = write;
  const steps: RawBuilder<unknown>[] = [];
  steps.push(
    sql`wallet as (${trx
      .updateTable('credit_account')
      .set((eb) => ({
        balance: write.balanceAfter,
        open_grants: storedOpenGrants(write.open),
        next_expiry_at: nextExpiryOf(write.open),
        updated_at: now,
        ...(write.startPeriodAt
          ? { period_start: write.startPeriodAt, period_consumed: consumed }
          : consumed > 0
            ? { period_consumed: eb('period_consumed', '+', consumed) }
            : {}),
        ...(consumed > 0
          ? {
              unreported_credits: eb('unreported_credits', '+', consumed),
              unreported_debits: eb('unreported_debits', '+', consumedDebits),
            }
          : {}),
        ...(write.lowBalanceThreshold !== undefined ? { low_balance_threshold: write.lowBalanceThreshold } : {}),
        ...(write.autoTopUpArmed !== undefined ? { auto_top_up_armed: write.autoTopUpArmed } : {}),
      }))
      .where('workspace_id', '=', workspaceId)
      .returning('workspace_id')})`,
  );
  if (write.grant) {
    const grant = write.grant;
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
        .values({
          workspace_id: workspaceId,
          day: now.toISOString().slice(0, 10),
          credits: consumed,
          debits: consumedDebits,
        })
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'day']).doUpdateSet((eb) => ({
            credits: eb('credit_usage_day.credits', '+', consumed),
            debits: eb('credit_usage_day.debits', '+', consumedDebits),
          })),
        )
        .returning('day')})`,
    );
  }
  if (write.topUp) {
    steps.push(
      sql`top_up as (${trx
        .insertInto('credit_purchase')
        .values({
          id: write.topUp.purchaseId,
          workspace_id: workspaceId,
          invoice_id: null,
          pack_id: write.topUp.packId,
          credits: write.topUp.credits,
          reason: 'auto_top_up',
          status: 'requested',
          failure_message: null,
          created_at: now,
          settled_at: null,
        })
        .returning('id')})`,
    );
  }
  if (write.events.length > 0) {
    steps.push(
      sql`events as (${trx
        .insertInto('outbox_event')
        .values(write.events.map((event) => outboxRowOf(event, now)))
        .returning('id')})`,
    );
  }
  const writeLedger = trx.insertInto('credit_transaction').values(
    write.entries.map((entry) => ({
      id: entry.id,
      workspace_id: workspaceId,
      type: entry.type,
      credits: entry.credits,
      balance_after: entry.balanceAfter,
      grant_id: entry.grantId ?? null,
      drawn_from: entry.drawnFrom ? JSON.stringify(entry.drawnFrom) : null,
      description: entry.description,
      metadata: entry.metadata ? JSON.stringify(entry.metadata) : null,
      actor_type: write.actor.type,
      actor_id: write.actor.id,
      idempotency_key: entry.idempotencyKey ?? null,
      request_fingerprint: entry.requestFingerprint ?? null,
      created_at: now,
    })),
  );
  await sql`with ${sql.join(steps)} ${writeLedger}`.execute(trx);
}
