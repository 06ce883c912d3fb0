// Debits a batch of 1 to 100 debits for the operator's product (docs/decisions/017): each keyed by its own
// idempotency key and answered on its own, in input order — debited, replayed (its key is already in the
// ledger: the first answer, nothing debited), refused for too few credits, or refused because its key debited
// something else. Most batches are one statement (debit-batch-in-one-statement.queries.ts); the others one
// transaction that takes the wallet's lock once. The rules of one debit (consume-credits.ts) hold per debit.
import { inTransaction, isUniqueViolation } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { topUpDue } from '../../domain/credits/auto-top-up.ts';
import { planDebitBatch } from '../../domain/credits/debit-batch.ts';
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { onWorkspaceClock } from '../workspaces/workspace-clock.ts';
import {
  type ConsumeRequest,
  fingerprintOf,
  insufficientMessage,
  keyReusedMessage,
  topUpOf,
} from './consume-credits.ts';
import { lockCreditAccountForDebit } from './credit-account.queries.ts';
import { findEntriesByIdempotencyKeys } from './credit-ledger.queries.ts';
import type { LedgerEntry } from './credit-wallet-change.queries.ts';
import { debitBatchInOneStatement } from './debit-batch-in-one-statement.queries.ts';
import { expireDueGrants } from './expiry-entries.ts';
import { recordWalletChange } from './record-wallet-change.ts';

/** Most debits one batch may carry. */
export const maxDebitsPerBatch = 100;

export type BatchDebitResult =
  | {
      status: 'debited' | 'replayed';
      idempotencyKey: string;
      /** The ledger entry of the debit. */
      id: string;
      amount: number;
      /** The balance right after this debit. */
      balance: number;
      createdAt: Date;
    }
  | { status: 'insufficient_credits'; idempotencyKey: string; amount: number; balance: number; message: string }
  | { status: 'idempotency_key_reused'; idempotencyKey: string; message: string };

export interface ConsumedBatch {
  debits: BatchDebitResult[];
  /** The wallet's balance once the batch is through. */
  balance: number;
  /** Set when a debit requested an auto top-up: buy it with buyRequestedTopUp after this returns. */
  topUpPurchaseId: string | null;
}

export async function consumeCreditBatch(
  deps: BillingDeps,
  access: WorkspaceAccess,
  debits: readonly ConsumeRequest[],
): Promise<ConsumedBatch> {
  if (debits.length === 0 || debits.length > maxDebitsPerBatch) {
    throw new BillingError('invalid_request', `Send 1 to ${maxDebitsPerBatch} debits in a batch.`, {
      param: 'debits',
    });
  }
  refuseRepeatedKeys(debits);
  const fingerprinted = debits.map((debit) => ({ ...debit, requestFingerprint: fingerprintOf(debit) }));
  try {
    const fast = await debitInOneGo(deps, access, fingerprinted);
    if (fast) return fast;
  } catch (error) {
    // A key of the batch committed by another debit after this statement's snapshot: the general path answers it.
    if (!isUniqueViolation(error)) throw error;
  }
  return inTransaction(deps.db, async (trx) => {
    const locked = await lockCreditAccountForDebit(trx, access.workspace.id);
    // Every debit of the workspace holds the wallet's lock: read after taking it, the ledger's keys are complete.
    const earlier = await findEntriesByIdempotencyKeys(
      trx,
      access.workspace.id,
      fingerprinted.map((d) => d.idempotencyKey),
    );
    const now = toDate(onWorkspaceClock(deps, locked?.testClockTime ?? null).clock.now());
    const account = locked?.account;
    const expiry = expireDueGrants(account?.open ?? [], now);
    const fresh = fingerprinted.filter((d) => !earlier.has(d.idempotencyKey));
    const plan = planDebitBatch(
      expiry.open,
      fresh.map((d) => d.amount),
    );
    let topUp: ReturnType<typeof topUpOf> = null;
    const entries: LedgerEntry[] = [...expiry.entries];
    // A debited one's ledger entry gets its id when the change is written.
    const outcomes = new Map<string, BatchDebitResult | { status: 'debited'; entryIndex: number; balance: number }>();
    for (const [index, debit] of fresh.entries()) {
      const decision = plan.decisions[index];
      if (!decision) throw new Error('a batch plan decides every debit');
      if (decision.kind === 'insufficient') {
        outcomes.set(debit.idempotencyKey, {
          status: 'insufficient_credits',
          idempotencyKey: debit.idempotencyKey,
          amount: debit.amount,
          balance: decision.balance,
          message: insufficientMessage(debit.amount, decision.balance),
        });
        continue;
      }
      // One crossing of the line buys once: the first debit below it requests the top-up.
      if (account && !topUp && topUpDue(account.autoTopUp, decision.balanceAfter)) {
        topUp = topUpOf(deps, locked.planId, account.autoTopUp);
      }
      entries.push({
        type: 'debit',
        credits: -debit.amount,
        drawnFrom: decision.drawnFrom,
        description: debit.description,
        metadata: debit.metadata,
        idempotencyKey: debit.idempotencyKey,
        requestFingerprint: debit.requestFingerprint,
      });
      outcomes.set(debit.idempotencyKey, {
        status: 'debited',
        entryIndex: entries.length - 1,
        balance: decision.balanceAfter,
      });
    }
    let entryIds: string[] = [];
    if (account && entries.length > 0) {
      ({ entryIds } = await recordWalletChange(trx, now, account, {
        actor: auditActorOf(access.actor),
        open: plan.open,
        entries,
        consumed: plan.debited,
        consumedDebits: plan.debits,
        ...(topUp ? { topUp, autoTopUpArmed: false } : {}),
      }));
    }
    return {
      debits: fingerprinted.map((debit): BatchDebitResult => {
        const first = earlier.get(debit.idempotencyKey);
        if (!first) {
          const outcome = outcomes.get(debit.idempotencyKey);
          if (!outcome) throw new Error('a batch answers every debit');
          if (!('entryIndex' in outcome)) return outcome;
          const id = entryIds[outcome.entryIndex];
          if (!id) throw new Error('a debited debit has its ledger entry');
          return {
            status: 'debited',
            idempotencyKey: debit.idempotencyKey,
            id,
            amount: debit.amount,
            balance: outcome.balance,
            createdAt: now,
          };
        }
        if (first.requestFingerprint !== debit.requestFingerprint) {
          return { status: 'idempotency_key_reused', idempotencyKey: debit.idempotencyKey, message: keyReusedMessage };
        }
        return {
          status: 'replayed',
          idempotencyKey: debit.idempotencyKey,
          id: first.id,
          amount: -first.credits,
          balance: first.balanceAfter,
          createdAt: first.createdAt,
        };
      }),
      balance: plan.balanceAfter,
      topUpPurchaseId: topUp?.purchaseId ?? null,
    };
  });
}

/**
 * The fast path, when it applies (every debit fresh and inside the first grant, no line crossed); null sends the
 * batch down the general path. Like one debit's, it applies only to a workspace without a test clock, whose
 * clock is the server's (onWorkspaceClock(deps, null) is deps).
 */
async function debitInOneGo(
  deps: BillingDeps,
  access: WorkspaceAccess,
  debits: readonly (ConsumeRequest & { requestFingerprint: string })[],
): Promise<ConsumedBatch | null> {
  const now = toDate(deps.clock.now());
  const debited = await debitBatchInOneStatement(deps.db, {
    workspaceId: access.workspace.id,
    debits,
    actor: auditActorOf(access.actor),
    now,
  });
  if (!debited) return null;
  return {
    debits: debits.map((debit, index) => {
      const entry = debited[index] as { id: string; balance: number };
      return {
        status: 'debited',
        idempotencyKey: debit.idempotencyKey,
        id: entry.id,
        amount: debit.amount,
        balance: entry.balance,
        createdAt: now,
      };
    }),
    balance: debited.at(-1)?.balance ?? 0,
    topUpPurchaseId: null,
  };
}

/** Two debits of one batch under one key would be one debit answered twice: refused before anything is read. */
function refuseRepeatedKeys(debits: readonly ConsumeRequest[]): void {
  const firstIndex = new Map<string, number>();
  for (const [index, debit] of debits.entries()) {
    const first = firstIndex.get(debit.idempotencyKey);
    if (first !== undefined) {
      throw new BillingError(
        'invalid_request',
        `debits.${index}.idempotencyKey repeats the key of debits.${first}: give each debit its own key.`,
        { param: `debits.${index}.idempotencyKey` },
      );
    }
    firstIndex.set(debit.idempotencyKey, index);
  }
}
