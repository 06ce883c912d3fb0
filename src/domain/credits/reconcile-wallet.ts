// The check behind `billfold verify`: recomputes a wallet from the append-only grants and ledger and lists every
// way the stored wallet disagrees (balance vs the ledger's sum, vs the open grants' sum, a grant's remaining).

export interface WalletFacts {
  workspaceId: string;
  storedBalance: number;
  /** Remaining credits per open grant, as the wallet row holds them. */
  storedOpen: ReadonlyMap<string, number>;
  ledgerSum: number;
  /** The running balance of the newest ledger entry (0 without entries). */
  lastBalanceAfter: number;
  /** Each grant's credits, and what debits, adjustments and expiries took from it according to the ledger. */
  grants: readonly { id: string; credits: number; drawn: number; expired: number }[];
}

export function walletMismatches(facts: WalletFacts): string[] {
  const problems: string[] = [];
  const openSum = [...facts.storedOpen.values()].reduce((sum, n) => sum + n, 0);
  if (facts.storedBalance !== facts.ledgerSum) {
    problems.push(`balance ${facts.storedBalance} but the ledger sums to ${facts.ledgerSum}`);
  }
  if (facts.storedBalance !== openSum) {
    problems.push(`balance ${facts.storedBalance} but the open grants hold ${openSum}`);
  }
  if (facts.storedBalance !== facts.lastBalanceAfter) {
    problems.push(`balance ${facts.storedBalance} but the newest ledger entry says ${facts.lastBalanceAfter}`);
  }
  if (facts.storedBalance < 0) problems.push(`negative balance ${facts.storedBalance}`);
  const known = new Set<string>();
  for (const grant of facts.grants) {
    known.add(grant.id);
    const remaining = grant.credits - grant.drawn - grant.expired;
    const stored = facts.storedOpen.get(grant.id) ?? 0;
    if (remaining !== stored) {
      problems.push(
        `grant ${grant.id}: the ledger leaves ${remaining} of ${grant.credits}, the wallet holds ${stored}`,
      );
    }
    if (remaining < 0) problems.push(`grant ${grant.id} overdrawn: ${remaining}`);
  }
  for (const id of facts.storedOpen.keys()) {
    if (!known.has(id)) problems.push(`the wallet holds grant ${id}, which was never granted`);
  }
  return problems;
}
