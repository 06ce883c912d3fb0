// The customer balance's rules: applied after tax, never making an invoice's amount due negative, the rest carried;
// the balance is the sum of its ledger, and verify finds an entry whose balance-after disagrees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBalance,
  balanceOf,
  creditBalance,
  misrecordedEntries,
  returnAppliedBalance,
} from '../../../src/domain/customer-balance/customer-balance.ts';

describe('applyBalance', () => {
  it('a −$22.50 balance on a $45.00 invoice: $22.50 applied, $22.50 due, nothing left', () => {
    expect(applyBalance(4500, -2250)).toEqual({ applied: 2250, amountDue: 2250, balanceAfter: 0 });
  });

  it('a −$60.00 balance on a $45.00 invoice: all of it paid, $15.00 carried', () => {
    expect(applyBalance(4500, -6000)).toEqual({ applied: 4500, amountDue: 0, balanceAfter: -1500 });
  });

  it('a −$14.40 invoice (a downgrade’s unused time) credits the balance and nothing is due', () => {
    expect(applyBalance(-1440, -500)).toEqual({ applied: -1440, amountDue: 0, balanceAfter: -1940 });
  });

  it('no credit applies nothing', () => {
    expect(applyBalance(4500, 0)).toEqual({ applied: 0, amountDue: 4500, balanceAfter: 0 });
  });
});

describe('properties', () => {
  it('an invoice’s amount due is never negative and what is applied comes off the balance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: -10_000_000, max: 0 }),
        (total, balance) => {
          const { applied, amountDue, balanceAfter } = applyBalance(total, balance);
          expect(amountDue).toBeGreaterThanOrEqual(0);
          expect(applied + amountDue).toBe(total);
          expect(balanceAfter).toBeLessThanOrEqual(0);
          expect(balanceAfter - balance).toBe(applied);
        },
      ),
    );
  });

  it('the balance is the sum of its ledger, entry by entry, through credits and invoices', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ credit: fc.integer({ min: 1, max: 100_000 }) }),
            fc.record({ invoice: fc.integer({ min: 0, max: 100_000 }) }),
          ),
          {
            maxLength: 30,
          },
        ),
        (moves) => {
          let balance = 0;
          const ledger: { id: string; amount: number; balanceAfter: number }[] = [];
          moves.forEach((move, i) => {
            if ('credit' in move) {
              const after = creditBalance(balance, move.credit);
              ledger.push({ id: `e${i}`, amount: after - balance, balanceAfter: after });
              balance = after;
            } else {
              const { applied, balanceAfter } = applyBalance(move.invoice, balance);
              if (applied > 0) ledger.push({ id: `e${i}`, amount: applied, balanceAfter });
              balance = balanceAfter;
            }
          });
          expect(balanceOf(ledger)).toBe(balance);
          expect(misrecordedEntries(ledger)).toEqual([]);
        },
      ),
    );
  });
});

describe('misrecordedEntries', () => {
  it('names the entry whose balance-after is not the running sum', () => {
    expect(
      misrecordedEntries([
        { id: 'a', amount: -2250, balanceAfter: -2250 },
        { id: 'b', amount: 1000, balanceAfter: -1000 },
      ]),
    ).toEqual([{ id: 'b', recorded: -1000, expected: -1250 }]);
  });
});

describe('returnAppliedBalance (an invoice voided after drawing on the balance)', () => {
  it('a $36.00 invoice that drew $22.50 of a −$22.50 balance, voided: −$22.50 again', () => {
    const { applied, balanceAfter } = applyBalance(3600, -2250);
    expect(returnAppliedBalance(balanceAfter, applied)).toEqual({ returned: 2250, balanceAfter: -2250 });
  });

  it('the balance before an invoice is finalized against it equals the balance after it is voided', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: -10_000_000, max: 0 }),
        (total, balance) => {
          const { applied, balanceAfter } = applyBalance(total, balance);
          expect(returnAppliedBalance(balanceAfter, applied).balanceAfter).toBe(balance);
        },
      ),
    );
  });
});
