// Expires credit grants whose time has come, one wallet per transaction: claims the wallet with the earliest
// due expiry with FOR UPDATE SKIP LOCKED (so several processes share the work), then records the expiries.
// Debits and grants also expire what is due on their own; this makes the balance right for wallets left idle.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { systemActor } from '../access/actor.ts';
import type { BillingDeps } from '../deps.ts';
import type { DueScope } from '../subscriptions/due-scope.ts';
import { lockedAccountOf } from './credit-account.queries.ts';
import { expireDueGrants } from './expiry-entries.ts';
import { recordWalletChange } from './record-wallet-change.ts';

/** Expires the most overdue wallet's due grants; the credits expired, or null when nothing is due. */
export async function expireNextDueCredits(
  deps: BillingDeps,
  scope: DueScope,
): Promise<{ workspaceId: string; expired: number } | null> {
  return inTransaction(deps.db, async (trx) => {
    const now = toDate(deps.clock.now());
    let query = trx
      .selectFrom('credit_account')
      .innerJoin('workspace_billing', 'workspace_billing.workspace_id', 'credit_account.workspace_id')
      .select('credit_account.workspace_id')
      .where('credit_account.next_expiry_at', '<=', now);
    query =
      scope.kind === 'system_clock'
        ? query.where('workspace_billing.test_clock_id', 'is', null)
        : query.where('credit_account.workspace_id', '=', scope.workspaceId);
    const row = await query
      .orderBy('credit_account.next_expiry_at')
      .limit(1)
      .forUpdate('credit_account')
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    // The claim's snapshot may predate a debit that expired these grants already: decide on the locked row.
    const current = await trx
      .selectFrom('credit_account')
      .selectAll()
      .where('workspace_id', '=', row.workspace_id)
      .executeTakeFirstOrThrow();
    const locked = lockedAccountOf(current);
    const expiry = expireDueGrants(locked.open, now);
    if (expiry.entries.length === 0) return { workspaceId: locked.workspaceId, expired: 0 };
    await recordWalletChange(trx, now, locked, { actor: systemActor, open: expiry.open, entries: expiry.entries });
    return { workspaceId: locked.workspaceId, expired: -expiry.entries.reduce((sum, e) => sum + e.credits, 0) };
  });
}

/** Used by a test clock's advance: the moment the workspace's next grant expires. */
export async function nextCreditExpiry(deps: BillingDeps, workspaceId: string): Promise<Date | null> {
  const row = await deps.db
    .selectFrom('credit_account')
    .select('next_expiry_at')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row?.next_expiry_at ?? null;
}
