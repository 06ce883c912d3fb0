// Debits credits for the operator's product (a workspace API key), keyed by the client's idempotency key. Most
// debits take the one-statement fast path (debit-in-one-statement.queries.ts); the others lock the wallet row,
// expire due grants, draw in drawdown order, and write the wallet, the ledger entry, the day's usage and any
// events in one statement. A key already in the ledger returns the first result and debits nothing; too few
// credits is 402 with the balance, and nothing changes.
import { createHash } from 'node:crypto';
import { type BillfoldTransaction, inTransaction, isUniqueViolation } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { topUpDue } from '../../domain/credits/auto-top-up.ts';
import { planDebit } from '../../domain/credits/credit-wallet.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { findPlan } from '../plans/catalog.ts';
import { onWorkspaceClock } from '../workspaces/workspace-clock.ts';
import { lockCreditAccountForDebit } from './credit-account.queries.ts';
import { findEntryByIdempotencyKey } from './credit-ledger.queries.ts';
import { debitInOneStatement } from './debit-in-one-statement.queries.ts';
import { expireDueGrants } from './expiry-entries.ts';
import { recordWalletChange } from './record-wallet-change.ts';

export interface ConsumeRequest {
  amount: number;
  description: string;
  metadata: Record<string, unknown> | null;
  idempotencyKey: string;
}

export interface ConsumedCredits {
  /** The ledger entry of the debit. */
  id: string;
  amount: number;
  /** The balance right after this debit. */
  balance: number;
  createdAt: Date;
  /** Set when the debit requested an auto top-up: buy it with buyRequestedTopUp after this returns. */
  topUpPurchaseId: string | null;
}

type DebitOutcome = { kind: 'debited'; result: ConsumedCredits } | { kind: 'insufficient'; balance: number };

export async function consumeCredits(
  deps: BillingDeps,
  access: WorkspaceAccess,
  request: ConsumeRequest,
): Promise<ConsumedCredits> {
  const fingerprint = fingerprintOf(request);
  let outcome: DebitOutcome;
  try {
    outcome =
      (await debitInOneGo(deps, access, request, fingerprint)) ??
      (await inTransaction(deps.db, (trx) => debit(trx, deps, access, request, fingerprint)));
  } catch (error) {
    // The same key committed first (a concurrent retry): its result is the answer.
    if (isUniqueViolation(error)) {
      const first = await findKeyedDebit(deps, access.workspace.id, request.idempotencyKey, fingerprint);
      if (first) return first;
    }
    throw error;
  }
  if (outcome.kind === 'debited') return outcome.result;
  // Too few credits now; but a retry of a debit that succeeded earlier still answers with that debit.
  const first = await findKeyedDebit(deps, access.workspace.id, request.idempotencyKey, fingerprint);
  if (first) return first;
  throw new BillingError('insufficient_credits', insufficientMessage(request.amount, outcome.balance), {
    param: 'amount',
    details: { balance: outcome.balance },
  });
}

export function insufficientMessage(amount: number, balance: number): string {
  return `Not enough credits: ${amount} requested, ${balance} available. Nothing was debited.`;
}

export const keyReusedMessage =
  'This Idempotency-Key already debited credits for a different request. Use a new key for a new debit.';

/**
 * The fast path, when it applies; null sends the debit down the general path. It applies only to a workspace
 * without a test clock, whose clock is the server's (onWorkspaceClock(deps, null) is deps).
 */
async function debitInOneGo(
  deps: BillingDeps,
  access: WorkspaceAccess,
  request: ConsumeRequest,
  fingerprint: string,
): Promise<DebitOutcome | null> {
  const now = toDate(deps.clock.now());
  const debited = await debitInOneStatement(deps.db, {
    workspaceId: access.workspace.id,
    amount: request.amount,
    description: request.description,
    metadata: request.metadata,
    idempotencyKey: request.idempotencyKey,
    requestFingerprint: fingerprint,
    actor: auditActorOf(access.actor),
    now,
  });
  if (!debited) return null;
  return {
    kind: 'debited',
    result: { id: debited.id, amount: request.amount, balance: debited.balance, createdAt: now, topUpPurchaseId: null },
  };
}

/** The general path: lock the wallet, decide with the domain's rules, write the change. */
async function debit(
  trx: BillfoldTransaction,
  deps: BillingDeps,
  access: WorkspaceAccess,
  request: ConsumeRequest,
  fingerprint: string,
): Promise<DebitOutcome> {
  const locked = await lockCreditAccountForDebit(trx, access.workspace.id);
  if (!locked) return { kind: 'insufficient', balance: 0 };
  const { account } = locked;
  // The lock read the workspace's test clock time in the same statement: no second round trip for the clock.
  const now = toDate(onWorkspaceClock(deps, locked.testClockTime).clock.now());
  const expiry = expireDueGrants(account.open, now);
  const plan = planDebit(expiry.open, request.amount);
  const actor = auditActorOf(access.actor);
  if (plan.kind === 'insufficient') {
    // Grants that expired meanwhile are recorded all the same: they are gone whatever this request wanted.
    if (expiry.entries.length > 0) {
      await recordWalletChange(trx, now, account, { actor, open: expiry.open, entries: expiry.entries });
    }
    return { kind: 'insufficient', balance: plan.balance };
  }
  const topUp = topUpDue(account.autoTopUp, plan.balanceAfter) ? topUpOf(deps, locked.planId, account.autoTopUp) : null;
  const recorded = await recordWalletChange(trx, now, account, {
    actor,
    open: plan.open,
    entries: [
      ...expiry.entries,
      {
        type: 'debit',
        credits: -request.amount,
        drawnFrom: plan.drawnFrom,
        description: request.description,
        metadata: request.metadata,
        idempotencyKey: request.idempotencyKey,
        requestFingerprint: fingerprint,
      },
    ],
    consumed: request.amount,
    ...(topUp ? { topUp, autoTopUpArmed: false } : {}),
  });
  return {
    kind: 'debited',
    result: {
      id: recorded.entryIds.at(-1) as string,
      amount: request.amount,
      balance: plan.balanceAfter,
      createdAt: now,
      topUpPurchaseId: topUp?.purchaseId ?? null,
    },
  };
}

/** The pack the auto top-up buys, if the workspace's plan still sells it. */
export function topUpOf(
  deps: BillingDeps,
  planId: string,
  setting: { packId: string | null },
): { purchaseId: string; packId: string; credits: number } | null {
  const pack = findPlan(deps.catalog, planId).creditPacks.find((p) => p.id === setting.packId);
  if (!pack) return null;
  return { purchaseId: newId('cpur'), packId: pack.id, credits: pack.credits };
}

async function findKeyedDebit(
  deps: BillingDeps,
  workspaceId: string,
  idempotencyKey: string,
  fingerprint: string,
): Promise<ConsumedCredits | undefined> {
  const entry = await findEntryByIdempotencyKey(deps.db, workspaceId, idempotencyKey);
  if (!entry) return undefined;
  if (entry.requestFingerprint !== fingerprint) {
    throw new BillingError('idempotency_key_reused', keyReusedMessage, { param: 'Idempotency-Key' });
  }
  return {
    id: entry.id,
    amount: -entry.credits,
    balance: entry.balanceAfter,
    createdAt: entry.createdAt,
    topUpPurchaseId: null,
  };
}

/** What a debit's key is bound to: a retry under the key must ask for the same debit. */
export function fingerprintOf(request: ConsumeRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.amount, request.description, request.metadata]))
    .digest('base64url');
}
