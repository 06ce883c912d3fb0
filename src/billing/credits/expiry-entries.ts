// Expires the grants of a locked wallet whose expiry has passed: every operation on the wallet does this first,
// so nothing is ever drawn from (or counted in a balance from) a grant that has expired.
import { expireDue, type OpenGrant } from '../../domain/credits/credit-wallet.ts';
import type { LedgerEntry } from './credit-wallet-change.queries.ts';

export function expireDueGrants(open: readonly OpenGrant[], now: Date): { open: OpenGrant[]; entries: LedgerEntry[] } {
  const { open: kept, expired } = expireDue(open, now.getTime());
  return {
    open: kept,
    entries: expired.map((e) => ({
      type: 'expiry' as const,
      credits: -e.credits,
      grantId: e.grantId,
      description: 'Unused credits expired',
    })),
  };
}
