// What a change of balance tells the workspace: it fell below its low-balance threshold, or ran out. Each is
// signalled once, on the change that crosses the line, not on every debit below it.

export type BalanceSignal = 'low_balance' | 'depleted';

export function balanceSignals(before: number, after: number, lowBalanceThreshold: number | null): BalanceSignal[] {
  const signals: BalanceSignal[] = [];
  if (lowBalanceThreshold !== null && before >= lowBalanceThreshold && after < lowBalanceThreshold) {
    signals.push('low_balance');
  }
  if (before > 0 && after === 0) signals.push('depleted');
  return signals;
}

/** The line below which a balance is low: the auto top-up threshold when set, else a tenth of a fresh balance. */
export function lowBalanceThresholdAfterGrant(balanceAfterGrant: number, autoTopUpThreshold: number | null): number {
  return autoTopUpThreshold ?? Math.floor(balanceAfterGrant / 10);
}
