// `billfold verify`'s check on hand-made facts: a wallet that agrees with its ledger has no problems, and each
// way it can disagree (the balance against the ledger's sum, the open grants, the newest running balance; a
// negative balance; a grant's remaining against its credits less what was drawn and expired; an overdrawn
// grant; a grant the ledger never made) is reported in words.
import { describe, expect, it } from 'vitest';
import { type WalletFacts, walletMismatches } from '../../../src/domain/credits/reconcile-wallet.ts';

// Grants A 100, B 50, C 200; a debit of 120 drew B 50 + A 70; A's last 30 expired. Left: C 200.
// Ledger: +100 +50 +200 −120 −30 = 200, and the newest entry's running balance is 200.
const consistent: WalletFacts = {
  workspaceId: 'ws_1',
  storedBalance: 200,
  storedOpen: new Map([['C', 200]]),
  ledgerSum: 200,
  lastBalanceAfter: 200,
  grants: [
    { id: 'A', credits: 100, drawn: 70, expired: 30 },
    { id: 'B', credits: 50, drawn: 50, expired: 0 },
    { id: 'C', credits: 200, drawn: 0, expired: 0 },
  ],
};

describe('walletMismatches', () => {
  it('finds nothing in a wallet that agrees with its ledger, with used-up and expired grants no longer open', () => {
    expect(walletMismatches(consistent)).toEqual([]);
  });

  it('finds nothing in a workspace without any credits', () => {
    expect(
      walletMismatches({
        workspaceId: 'ws_0',
        storedBalance: 0,
        storedOpen: new Map(),
        ledgerSum: 0,
        lastBalanceAfter: 0,
        grants: [],
      }),
    ).toEqual([]);
  });

  it('a stored balance that is off disagrees with the ledger, the open grants and the newest entry', () => {
    expect(walletMismatches({ ...consistent, storedBalance: 210 })).toEqual([
      'balance 210 but the ledger sums to 200',
      'balance 210 but the open grants hold 200',
      'balance 210 but the newest ledger entry says 200',
    ]);
  });

  it('a lost ledger entry shows in the sum, a wrong running balance in the newest entry', () => {
    expect(walletMismatches({ ...consistent, ledgerSum: 230 })).toEqual(['balance 200 but the ledger sums to 230']);
    expect(walletMismatches({ ...consistent, lastBalanceAfter: 199 })).toEqual([
      'balance 200 but the newest ledger entry says 199',
    ]);
  });

  it("an open grant's remaining that is off disagrees with the balance and with that grant's ledger", () => {
    // C: 200 − 0 − 0 = 200 by the ledger, 190 in the wallet; the open grants sum to 190.
    expect(walletMismatches({ ...consistent, storedOpen: new Map([['C', 190]]) })).toEqual([
      'balance 200 but the open grants hold 190',
      'grant C: the ledger leaves 200 of 200, the wallet holds 190',
    ]);
  });

  it('a grant the ledger leaves something of must be open in the wallet', () => {
    // A: 100 − 70 − 20 = 10 by the ledger, but A is not in the wallet (it holds 0 of it).
    const grants = consistent.grants.map((g) => (g.id === 'A' ? { ...g, expired: 20 } : g));
    expect(walletMismatches({ ...consistent, grants })).toEqual([
      'grant A: the ledger leaves 10 of 100, the wallet holds 0',
    ]);
  });

  it('a grant drawn and expired beyond its credits is overdrawn', () => {
    // B: 50 − 50 − 5 = −5.
    const grants = consistent.grants.map((g) => (g.id === 'B' ? { ...g, expired: 5 } : g));
    expect(walletMismatches({ ...consistent, grants })).toEqual([
      'grant B: the ledger leaves -5 of 50, the wallet holds 0',
      'grant B overdrawn: -5',
    ]);
  });

  it('a wallet holding a grant that was never granted', () => {
    // The balance stays consistent (the ghost grant holds 0), so the only problem is the unknown grant.
    expect(
      walletMismatches({
        ...consistent,
        storedOpen: new Map([
          ['C', 200],
          ['ghost', 0],
        ]),
      }),
    ).toEqual(['the wallet holds grant ghost, which was never granted']);
  });

  it('a negative balance is reported even when everything else agrees with it', () => {
    expect(
      walletMismatches({
        workspaceId: 'ws_2',
        storedBalance: -5,
        storedOpen: new Map([['X', -5]]),
        ledgerSum: -5,
        lastBalanceAfter: -5,
        grants: [{ id: 'X', credits: 10, drawn: 15, expired: 0 }],
      }),
    ).toEqual(['negative balance -5', 'grant X overdrawn: -5']);
  });
});
