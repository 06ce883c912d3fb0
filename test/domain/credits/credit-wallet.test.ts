// The drawdown rule on hand-worked wallets: a debit draws from the grant that expires first (never-expiring
// grants last), then the oldest, then by id; a debit larger than the balance is refused without touching the
// wallet; a grant expires at its expiry instant (not a millisecond earlier) and takes only what is left of it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addGrant,
  balanceOf,
  drawdownOrder,
  expireDue,
  type OpenGrant,
  planDebit,
} from '../../../src/domain/credits/credit-wallet.ts';

const t = (iso: string) => Date.parse(iso);
const grant = (id: string, remaining: number, expiresAt: string | null, grantedAt: string): OpenGrant => ({
  id,
  remaining,
  expiresAt: expiresAt === null ? null : t(expiresAt),
  grantedAt: t(grantedAt),
});

// A 100 expiring Mar 1, B 50 expiring Feb 1, C 200 never expiring.
const a = grant('A', 100, '2027-03-01T00:00:00Z', '2027-01-01T00:00:00Z');
const b = grant('B', 50, '2027-02-01T00:00:00Z', '2027-01-02T00:00:00Z');
const c = grant('C', 200, null, '2026-12-01T00:00:00Z');

describe('the worked example: A 100 (Mar 1), B 50 (Feb 1), C 200 (never)', () => {
  const wallet = [a, b, c].reduce<OpenGrant[]>((open, g) => addGrant(open, g), []);

  it('keeps the grants in drawdown order: B (Feb 1), A (Mar 1), C (never), whatever order they were added in', () => {
    expect(wallet.map((g) => g.id)).toEqual(['B', 'A', 'C']);
    expect([c, a, b].reduce<OpenGrant[]>((open, g) => addGrant(open, g), []).map((g) => g.id)).toEqual(['B', 'A', 'C']);
    // 100 + 50 + 200 = 350.
    expect(balanceOf(wallet)).toBe(350);
  });

  it('a debit of 120 draws B 50 then A 70, leaving A 30 and C 200', () => {
    // 120 = 50 (all of B) + 70 (of A's 100, leaving 30); C, never expiring, is untouched. 350 − 120 = 230.
    const plan = planDebit(wallet, 120);
    expect(plan).toEqual({
      kind: 'debited',
      drawnFrom: [
        { grantId: 'B', credits: 50 },
        { grantId: 'A', credits: 70 },
      ],
      open: [
        { ...a, remaining: 30 },
        { ...c, remaining: 200 },
      ],
      balanceAfter: 230,
    });
  });

  it('then at Mar 1 what is left of A (30) expires, and C keeps its 200', () => {
    const plan = planDebit(wallet, 120);
    if (plan.kind !== 'debited') throw new Error('expected a debit');
    // B was used up by the debit, so nothing is left of it to expire on Feb 1.
    expect(expireDue(plan.open, t('2027-02-01T00:00:00Z')).expired).toEqual([]);
    // One millisecond before Mar 1 A is still open; at Mar 1 00:00:00.000 it expires.
    expect(expireDue(plan.open, t('2027-03-01T00:00:00Z') - 1).expired).toEqual([]);
    const atMar1 = expireDue(plan.open, t('2027-03-01T00:00:00Z'));
    expect(atMar1.expired).toEqual([{ grantId: 'A', credits: 30 }]);
    expect(atMar1.open).toEqual([c]);
    // 230 − 30 = 200.
    expect(balanceOf(atMar1.open)).toBe(200);
  });

  it('a debit of 150 uses B and A completely; 151 also draws 1 from C', () => {
    // 50 + 100 = 150: both expiring grants are gone, C is whole.
    expect(planDebit(wallet, 150)).toMatchObject({
      kind: 'debited',
      drawnFrom: [
        { grantId: 'B', credits: 50 },
        { grantId: 'A', credits: 100 },
      ],
      open: [c],
      balanceAfter: 200,
    });
    // 50 + 100 + 1 = 151; C keeps 199.
    expect(planDebit(wallet, 151)).toMatchObject({
      kind: 'debited',
      drawnFrom: [
        { grantId: 'B', credits: 50 },
        { grantId: 'A', credits: 100 },
        { grantId: 'C', credits: 1 },
      ],
      open: [{ ...c, remaining: 199 }],
      balanceAfter: 199,
    });
  });

  it('the whole balance (350) can be debited and leaves an empty wallet; 351 is refused with the balance', () => {
    expect(planDebit(wallet, 350)).toMatchObject({ kind: 'debited', open: [], balanceAfter: 0 });
    expect(planDebit(wallet, 351)).toEqual({ kind: 'insufficient', balance: 350 });
  });

  it('a refused debit leaves the wallet it was given untouched', () => {
    const before = structuredClone(wallet);
    planDebit(wallet, 10_000);
    planDebit(wallet, 120);
    expect(wallet).toEqual(before);
  });
});

describe('ties in the drawdown order', () => {
  it('grants expiring at the same moment are drawn oldest first', () => {
    const older = grant('z-older', 10, '2027-03-01T00:00:00Z', '2027-01-01T00:00:00Z');
    const newer = grant('a-newer', 10, '2027-03-01T00:00:00Z', '2027-01-05T00:00:00Z');
    // 15 = all 10 of the older + 5 of the newer, although the newer's id sorts first.
    expect(planDebit([newer, older], 15)).toMatchObject({
      drawnFrom: [
        { grantId: 'z-older', credits: 10 },
        { grantId: 'a-newer', credits: 5 },
      ],
    });
  });

  it('never-expiring grants are drawn oldest first, after every expiring grant however late it expires', () => {
    const oldForever = grant('old', 10, null, '2020-01-01T00:00:00Z');
    const newForever = grant('new', 10, null, '2027-01-01T00:00:00Z');
    const farFuture = grant('far', 10, '2999-01-01T00:00:00Z', '2027-06-01T00:00:00Z');
    const plan = planDebit([newForever, oldForever, farFuture], 25);
    // 25 = 10 (far, it expires) + 10 (old) + 5 (new).
    expect(plan).toMatchObject({
      drawnFrom: [
        { grantId: 'far', credits: 10 },
        { grantId: 'old', credits: 10 },
        { grantId: 'new', credits: 5 },
      ],
      balanceAfter: 5,
    });
  });

  it('the same expiry and the same grant time fall back to the id, so the order is total', () => {
    const x = grant('cg_2', 5, null, '2027-01-01T00:00:00Z');
    const y = grant('cg_1', 5, null, '2027-01-01T00:00:00Z');
    expect(drawdownOrder(x, y)).toBe(1);
    expect(drawdownOrder(y, x)).toBe(-1);
    expect(drawdownOrder(x, x)).toBe(0);
    expect(planDebit([x, y], 6)).toMatchObject({
      drawnFrom: [
        { grantId: 'cg_1', credits: 5 },
        { grantId: 'cg_2', credits: 1 },
      ],
    });
  });
});

describe('expireDue', () => {
  it('splits off every grant due at or before now, whatever its place, and never a never-expiring one', () => {
    const open = [
      grant('jan', 7, '2027-01-31T00:00:00Z', '2027-01-01T00:00:00Z'),
      grant('feb', 8, '2027-02-28T00:00:00Z', '2027-01-01T00:00:00Z'),
      grant('forever', 9, null, '2027-01-01T00:00:00Z'),
    ];
    const { open: kept, expired } = expireDue(open, t('2027-02-28T00:00:00Z'));
    expect(expired).toEqual([
      { grantId: 'jan', credits: 7 },
      { grantId: 'feb', credits: 8 },
    ]);
    expect(kept.map((g) => g.id)).toEqual(['forever']);
    // Even in the far future a grant without expiry stays.
    expect(expireDue(open, t('9999-01-01T00:00:00Z')).open.map((g) => g.id)).toEqual(['forever']);
  });

  it('an empty wallet expires nothing', () => {
    expect(expireDue([], Date.now())).toEqual({ open: [], expired: [] });
  });
});

describe('the amounts a wallet accepts', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('a debit of %s is a RangeError', (amount) => {
    expect(() => planDebit([c], amount)).toThrow(RangeError);
  });

  it.each([0, -5, 0.5])('a grant of %s credits is a RangeError', (credits) => {
    expect(() => addGrant([], { ...c, remaining: credits })).toThrow(RangeError);
  });

  it('an empty wallet has a balance of 0 and refuses any debit', () => {
    expect(balanceOf([])).toBe(0);
    expect(planDebit([], 1)).toEqual({ kind: 'insufficient', balance: 0 });
  });
});

const openGrantsArbitrary = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    remaining: fc.integer({ min: 1, max: 1000 }),
    // A handful of expiry days and grant days, so ties happen.
    expiresAt: fc.option(
      fc.integer({ min: 0, max: 5 }).map((d) => d * 86_400_000),
      { nil: null },
    ),
    grantedAt: fc.integer({ min: 0, max: 3 }).map((d) => d * 86_400_000),
  }),
  { selector: (g) => g.id, maxLength: 12 },
);

describe('drawdown properties', () => {
  it('the plan does not depend on the order the open grants come in', () => {
    fc.assert(
      fc.property(
        openGrantsArbitrary.chain((open) =>
          fc.tuple(fc.constant(open), fc.shuffledSubarray(open, { minLength: open.length, maxLength: open.length })),
        ),
        fc.integer({ min: 1, max: 13_000 }),
        ([open, shuffled], amount) => {
          expect(planDebit(shuffled, amount)).toEqual(planDebit(open, amount));
          expect(
            expireDue(shuffled, 2 * 86_400_000)
              .expired.map((e) => e.grantId)
              .sort(),
          ).toEqual(
            expireDue(open, 2 * 86_400_000)
              .expired.map((e) => e.grantId)
              .sort(),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a debit draws exactly its amount, a prefix of the drawdown order, each draw but the last emptying its grant', () => {
    fc.assert(
      fc.property(openGrantsArbitrary, fc.integer({ min: 1, max: 13_000 }), (open, amount) => {
        const plan = planDebit(open, amount);
        const balance = balanceOf(open);
        if (amount > balance) {
          expect(plan).toEqual({ kind: 'insufficient', balance });
          return;
        }
        if (plan.kind !== 'debited') throw new Error('expected a debit');
        const ordered = [...open].sort(drawdownOrder);
        expect(plan.drawnFrom.map((d) => d.grantId)).toEqual(ordered.slice(0, plan.drawnFrom.length).map((g) => g.id));
        expect(plan.drawnFrom.reduce((sum, d) => sum + d.credits, 0)).toBe(amount);
        plan.drawnFrom.forEach((draw, i) => {
          const from = ordered[i];
          if (!from) throw new Error(`draw ${i} has no grant`);
          if (i < plan.drawnFrom.length - 1) expect(draw.credits).toBe(from.remaining);
          else expect(draw.credits).toBeLessThanOrEqual(from.remaining);
        });
        expect(plan.balanceAfter).toBe(balance - amount);
        expect(balanceOf(plan.open)).toBe(balance - amount);
        expect(plan.open.every((g) => g.remaining > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('expireDue keeps exactly the grants not yet due and expires the rest whole', () => {
    fc.assert(
      fc.property(openGrantsArbitrary, fc.integer({ min: -1, max: 6 * 86_400_000 }), (open, now) => {
        const { open: kept, expired } = expireDue(open, now);
        expect(kept.every((g) => g.expiresAt === null || g.expiresAt > now)).toBe(true);
        expect(balanceOf(kept) + expired.reduce((sum, e) => sum + e.credits, 0)).toBe(balanceOf(open));
        for (const e of expired) {
          const source = open.find((g) => g.id === e.grantId);
          expect(source?.expiresAt).not.toBeNull();
          expect(source?.expiresAt).toBeLessThanOrEqual(now);
          expect(e.credits).toBe(source?.remaining);
        }
      }),
      { numRuns: 300 },
    );
  });
});
