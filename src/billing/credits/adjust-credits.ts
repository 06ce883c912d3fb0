// An operator's correction of a workspace's credits (the CLI), with a reason: adding grants credits that do not
// expire; removing draws them like a debit and may not take the balance below zero. Both are ledger entries
// of type "adjustment" and in the audit log.
import { inTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { planDebit } from '../../domain/credits/credit-wallet.ts';
import { BillingError } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { lockCreditAccount } from './credit-account.queries.ts';
import { expireDueGrants } from './expiry-entries.ts';
import { grantCredits } from './grant-credits.ts';
import { recordWalletChange } from './record-wallet-change.ts';

export async function adjustCredits(
  deps: BillingDeps,
  workspaceId: string,
  adjustment: { credits: number; reason: string; actor: AuditActor },
): Promise<{ balance: number }> {
  const { credits, reason, actor } = adjustment;
  if (!Number.isSafeInteger(credits) || credits === 0) {
    throw new BillingError('invalid_request', 'Adjust by a whole number of credits other than 0.', {
      param: 'credits',
    });
  }
  if (reason.trim().length === 0) {
    throw new BillingError('invalid_request', 'Say why the credits are adjusted.', { param: 'reason' });
  }
  return inTransaction(deps.db, async (trx) => {
    const { now: workspaceNow, deps: workspaceDeps } = await lockWorkspace(trx, deps, workspaceId);
    const now = toDate(workspaceNow);
    let balance: number;
    if (credits > 0) {
      ({ balance } = await grantCredits(trx, now, {
        workspaceId,
        source: 'adjustment',
        credits,
        expiresAt: null,
        description: reason,
        invoiceId: null,
        subscriptionId: null,
        actor,
        ledgerType: 'adjustment',
      }));
    } else {
      const account = await lockCreditAccount(trx, workspaceId, now);
      const expiry = expireDueGrants(account.open, now);
      const plan = planDebit(expiry.open, -credits);
      if (plan.kind === 'insufficient') {
        throw new BillingError(
          'insufficient_credits',
          `Cannot remove ${-credits} credits: the workspace has ${plan.balance}.`,
          { param: 'credits', details: { balance: plan.balance } },
        );
      }
      await recordWalletChange(trx, now, account, {
        actor,
        open: plan.open,
        entries: [...expiry.entries, { type: 'adjustment', credits, drawnFrom: plan.drawnFrom, description: reason }],
      });
      balance = plan.balanceAfter;
    }
    await recordAudit(trx, workspaceDeps.clock, {
      workspaceId,
      actor,
      action: 'credits.adjusted',
      targetId: workspaceId,
      before: { balance: balance - credits },
      after: { credits, reason, balance },
    });
    return { balance };
  });
}
