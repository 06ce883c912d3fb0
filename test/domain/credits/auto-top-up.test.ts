// Auto top-up buys once per crossing: a debit that leaves the balance below the threshold requests the pack
// only when the setting is enabled, armed and complete; the purchase disarms it, and only a grant that lifts
// the balance back to the threshold re-arms it — so a run of debits below the line (or a failing card) never
// buys twice.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AutoTopUpSetting, armedAfterGrant, topUpDue } from '../../../src/domain/credits/auto-top-up.ts';

const armed: AutoTopUpSetting = { enabled: true, packId: 'credits_5000', threshold: 1000, armed: true };

describe('topUpDue', () => {
  it('is due when a debit leaves the balance below the threshold: 999 < 1000', () => {
    expect(topUpDue(armed, 999)).toBe(true);
    expect(topUpDue(armed, 0)).toBe(true);
  });

  it('is not due at the threshold itself or above it', () => {
    expect(topUpDue(armed, 1000)).toBe(false);
    expect(topUpDue(armed, 5000)).toBe(false);
  });

  it.each([
    ['disabled', { ...armed, enabled: false }],
    ['disarmed by an earlier purchase', { ...armed, armed: false }],
    ['without a pack', { ...armed, packId: null }],
    ['without a threshold', { ...armed, threshold: null }],
  ])('is never due when %s', (_label, setting) => {
    expect(topUpDue(setting, 0)).toBe(false);
  });
});

describe('armedAfterGrant', () => {
  const disarmed = { ...armed, armed: false };

  it('re-arms when the grant brings the balance to the threshold or above', () => {
    expect(armedAfterGrant(disarmed, 1000)).toBe(true);
    expect(armedAfterGrant(disarmed, 6000)).toBe(true);
  });

  it('stays disarmed when the balance is still below the threshold after the grant', () => {
    expect(armedAfterGrant(disarmed, 999)).toBe(false);
  });

  it('stays armed when it was armed, and never arms without a threshold', () => {
    expect(armedAfterGrant(armed, 0)).toBe(true);
    expect(armedAfterGrant({ ...disarmed, threshold: null }, 1_000_000)).toBe(false);
  });
});

describe('one purchase per crossing', () => {
  it('property: any run of debits without a grant in between requests at most one top-up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.array(fc.integer({ min: 1, max: 3_000 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 10_000 }),
        (start, debits, threshold) => {
          // The service: a debit that requests a top-up disarms the setting; only grants re-arm it.
          let setting: AutoTopUpSetting = { ...armed, threshold };
          let balance = start;
          let requested = 0;
          for (const debit of debits) {
            if (debit > balance) continue; // refused: nothing changes
            balance -= debit;
            if (topUpDue(setting, balance)) {
              requested++;
              setting = { ...setting, armed: false };
            }
          }
          expect(requested).toBeLessThanOrEqual(1);
          // And it bought exactly when some accepted debit left the balance below the line.
          expect(requested).toBe(debitsEverBelow(start, debits, threshold) ? 1 : 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a grant that lifts the balance back above the line lets the next crossing buy again', () => {
    // 1500 − 600 = 900 < 1000: buy, disarm. −100 → 800: no second purchase. The pack arrives: 800 + 5000 = 5800
    // ≥ 1000 re-arms. 5800 − 5000 = 800 < 1000: buys again.
    let setting = armed;
    const bought: boolean[] = [];
    const debit = (balanceAfter: number) => {
      const due = topUpDue(setting, balanceAfter);
      bought.push(due);
      if (due) setting = { ...setting, armed: false };
    };
    debit(900);
    debit(800);
    setting = { ...setting, armed: armedAfterGrant(setting, 5800) };
    debit(800);
    expect(bought).toEqual([true, false, true]);
  });
});

/** Whether any accepted debit of the run leaves the balance below the threshold. */
function debitsEverBelow(start: number, debits: number[], threshold: number): boolean {
  let balance = start;
  for (const debit of debits) {
    if (debit > balance) continue;
    balance -= debit;
    if (balance < threshold) return true;
  }
  return false;
}
