// Credits fixtures for tests: promo grants with expiries, and the check that a workspace's ledger is, entry by
// entry, what the pure drawdown rule decides on the wallet the ledger itself describes (both debit paths, one
// statement or locked, must agree with it).
import { expect } from 'vitest';
import { grantCredits } from '../../src/billing/credits/grant-credits.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { systemActor } from '../../src/domain/access/actor.ts';
import { addGrant, balanceOf, type OpenGrant, planDebit } from '../../src/domain/credits/credit-wallet.ts';
import type { Billfold } from '../../src/server.ts';

/** Grants promo credits expiring `days` after `now` (epoch ms), one grant per [credits, days]. */
export async function grantPromos(
  billfold: Billfold,
  workspaceId: string,
  now: number,
  promos: readonly (readonly [credits: number, days: number])[],
): Promise<void> {
  const day = 24 * 60 * 60 * 1000;
  for (const [credits, days] of promos) {
    await inTransaction(billfold.deps.db, (trx) =>
      grantCredits(trx, new Date(now), {
        workspaceId,
        source: 'promo',
        credits,
        expiresAt: new Date(now + days * day),
        description: `promo ${days}d`,
        invoiceId: null,
        subscriptionId: null,
        actor: systemActor,
      }),
    );
  }
}

/** Replays the ledger through planDebit / addGrant: each debit's draws and every running balance must match. */
export async function expectLedgerFollowsDrawdownRule(billfold: Billfold, workspaceId: string): Promise<number> {
  const grants = await billfold.deps.db
    .selectFrom('credit_grant')
    .select(['id', 'credits', 'expires_at', 'granted_at'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  const entries = await billfold.deps.db
    .selectFrom('credit_transaction')
    .select(['type', 'credits', 'balance_after', 'grant_id', 'drawn_from'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('seq')
    .execute();
  let open: OpenGrant[] = [];
  for (const entry of entries) {
    if (entry.type === 'debit') {
      const plan = planDebit(open, -entry.credits);
      if (plan.kind !== 'debited') throw new Error('the ledger holds a debit the rule refuses');
      expect(entry.drawn_from).toEqual(plan.drawnFrom);
      open = plan.open;
    } else {
      const grant = grants.find((g) => g.id === entry.grant_id);
      if (!grant) throw new Error(`no grant ${entry.grant_id}`);
      open = addGrant(open, {
        id: grant.id,
        remaining: grant.credits,
        expiresAt: grant.expires_at?.getTime() ?? null,
        grantedAt: grant.granted_at.getTime(),
      });
    }
    expect(entry.balance_after).toBe(balanceOf(open));
  }
  return balanceOf(open);
}
