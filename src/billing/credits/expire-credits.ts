// Expires credit grants whose time has come, one wallet per transaction: claims the wallet with the earliest
// due expiry with FOR UPDATE SKIP LOCKED (so several processes share the work), then records the expiries.
// Debits and grants also expire what is due on their own; this makes the balance right for wallets left idle.
import { inTransaction } from '../../db/transaction.ts';
import { systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import type { DueScope } from '../../domain/test-clocks/due-scope.ts';
import type { BillingDeps } from '../deps.ts';
import { claimWalletWithDueExpiry, findNextCreditExpiry, rereadLockedCreditAccount } from './credit-account.queries.ts';
import { expireDueGrants } from './expiry-entries.ts';
import { recordWalletChange } from './record-wallet-change.ts';

/** Expires the most overdue wallet's due grants; the credits expired, or null when nothing is due. */
export async function expireNextDueCredits(
  deps: BillingDeps,
  scope: DueScope,
): Promise<{ workspaceId: string; expired: number } | null> {
  return inTransaction(deps.db, async (trx) => {
    const now = toDate(deps.clock.now());
    const claimed = await claimWalletWithDueExpiry(trx, now, scope);
    if (!claimed) return null;
    // The claim's snapshot may predate a debit that expired these grants already: decide on the locked row.
    const locked = await rereadLockedCreditAccount(trx, claimed.workspaceId);
    const expiry = expireDueGrants(locked.open, now);
    if (expiry.entries.length === 0) return { workspaceId: locked.workspaceId, expired: 0 };
    await recordWalletChange(trx, now, locked, { actor: systemActor, open: expiry.open, entries: expiry.entries });
    return { workspaceId: locked.workspaceId, expired: -expiry.entries.reduce((sum, e) => sum + e.credits, 0) };
  });
}

/** Used by a test clock's advance: the moment the workspace's next grant expires. */
export async function nextCreditExpiry(deps: BillingDeps, workspaceId: string): Promise<Date | null> {
  return findNextCreditExpiry(deps.db, workspaceId);
}
