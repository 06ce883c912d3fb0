// Grants credits to a workspace inside the caller's transaction (a paid Pro period, a paid purchase, an
// adjustment): locks the wallet, expires what is due, adds the grant and its ledger entry, resets the
// low-balance line and re-arms auto top-up when the balance is back above its threshold.

import type { CreditGrantSource } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { armedAfterGrant } from '../../domain/credits/auto-top-up.ts';
import { lowBalanceThresholdAfterGrant } from '../../domain/credits/balance-signals.ts';
import { addGrant } from '../../domain/credits/credit-wallet.ts';
import { newId } from '../../domain/ids.ts';
import { lockCreditAccount } from './credit-account.queries.ts';
import { expireDueGrants } from './expiry-entries.ts';
import { recordWalletChange } from './record-wallet-change.ts';

export interface CreditGrantRequest {
  workspaceId: string;
  source: CreditGrantSource;
  credits: number;
  expiresAt: Date | null;
  description: string;
  invoiceId: string | null;
  subscriptionId: string | null;
  actor: AuditActor;
  /** Starts a new period for the page's "used this period". */
  startPeriodAt?: Date;
  /** How the ledger lists it: a grant, or an operator's adjustment. */
  ledgerType?: 'grant' | 'adjustment';
}

export async function grantCredits(
  trx: BillfoldTransaction,
  now: Date,
  request: CreditGrantRequest,
): Promise<{ grantId: string; balance: number }> {
  const account = await lockCreditAccount(trx, request.workspaceId, now);
  const expiry = expireDueGrants(account.open, now);
  const grantId = newId('cg');
  // A grant that has already expired (a late payment of a past period) adds nothing usable: it is granted and
  // expired in the same change, so the ledger still shows it.
  const alreadyExpired = request.expiresAt !== null && request.expiresAt.getTime() <= now.getTime();
  const open = alreadyExpired
    ? expiry.open
    : addGrant(expiry.open, {
        id: grantId,
        remaining: request.credits,
        expiresAt: request.expiresAt?.getTime() ?? null,
        grantedAt: now.getTime(),
      });
  const entries = [
    ...expiry.entries,
    { type: request.ledgerType ?? 'grant', credits: request.credits, grantId, description: request.description },
    ...(alreadyExpired
      ? [{ type: 'expiry' as const, credits: -request.credits, grantId, description: 'Granted after its expiry' }]
      : []),
  ];
  const balance = account.balance + entries.reduce((sum, e) => sum + e.credits, 0);
  await recordWalletChange(trx, now, account, {
    actor: request.actor,
    open,
    entries,
    grant: {
      id: grantId,
      source: request.source,
      credits: request.credits,
      expiresAt: request.expiresAt,
      description: request.description,
      invoiceId: request.invoiceId,
      subscriptionId: request.subscriptionId,
    },
    startPeriodAt: request.startPeriodAt,
    lowBalanceThreshold: lowBalanceThresholdAfterGrant(
      balance,
      account.autoTopUp.enabled ? account.autoTopUp.threshold : null,
    ),
    autoTopUpArmed: armedAfterGrant(account.autoTopUp, balance),
  });
  return { grantId, balance };
}
