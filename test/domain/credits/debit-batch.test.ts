// A batch of debits decided in input order on one wallet: each debit sees what the ones before it left, a refused
// debit changes nothing (a smaller one after it may still go through), and the whole batch is exactly one debit
// after another — checked on a worked example and as a property over random wallets and batches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addGrant, balanceOf, type OpenGrant, planDebit } from '../../../src/domain/credits/credit-wallet.ts';
import { planDebitBatch } from '../../../src/domain/credits/debit-batch.ts';

const day = 24 * 60 * 60 * 1000;

describe('a batch on A 100 (expires day 10), B 200 (never)', () => {
  const wallet = [
    { id: 'A', remaining: 100, expiresAt: 10 * day, grantedAt: 0 },
    { id: 'B', remaining: 200, expiresAt: null, grantedAt: 0 },
  ].reduce<OpenGrant[]>((open, g) => addGrant(open, g), []);

  it('draws each debit in order, refuses the one too large and lets the smaller next one through', () => {
    const plan = planDebitBatch(wallet, [80, 50, 250, 170]);
    expect(plan.decisions).toEqual([
      { kind: 'debited', drawnFrom: [{ grantId: 'A', credits: 80 }], balanceAfter: 220 }, // 300 − 80
      {
        kind: 'debited',
        drawnFrom: [
          { grantId: 'A', credits: 20 },
          { grantId: 'B', credits: 30 },
        ],
        balanceAfter: 170, // 220 − 50
      },
      { kind: 'insufficient', balance: 170 }, // 250 > 170
      { kind: 'debited', drawnFrom: [{ grantId: 'B', credits: 170 }], balanceAfter: 0 },
    ]);
    expect(plan).toMatchObject({ open: [], balanceAfter: 0, debited: 300, debits: 3 });
  });
});

const grantArb = fc.record({
  id: fc.uuid(),
  remaining: fc.integer({ min: 1, max: 1_000 }),
  expiresAt: fc.option(fc.integer({ min: 1, max: 365 }).map((d) => d * day)),
  grantedAt: fc.integer({ min: 0, max: 1_000 }),
});

describe('any batch', () => {
  it('is one debit after another; never below zero; the credits debited are what the wallet lost', () => {
    fc.assert(
      fc.property(
        fc.array(grantArb, { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 800 }), { minLength: 1, maxLength: 100 }),
        (grants, amounts) => {
          const wallet = grants.reduce<OpenGrant[]>((open, g) => addGrant(open, g), []);
          const plan = planDebitBatch(wallet, amounts);
          let open = wallet;
          for (const [i, amount] of amounts.entries()) {
            const one = planDebit(open, amount);
            const decision = plan.decisions[i];
            if (one.kind === 'insufficient') {
              expect(decision).toEqual(one);
              continue;
            }
            expect(decision).toEqual({ kind: 'debited', drawnFrom: one.drawnFrom, balanceAfter: one.balanceAfter });
            expect(one.balanceAfter).toBeGreaterThanOrEqual(0);
            open = one.open;
          }
          expect(plan.open).toEqual(open);
          expect(plan.balanceAfter).toBe(balanceOf(open));
          expect(plan.debited).toBe(balanceOf(wallet) - plan.balanceAfter);
          expect(plan.debits).toBe(plan.decisions.filter((d) => d.kind === 'debited').length);
        },
      ),
    );
  });
});
