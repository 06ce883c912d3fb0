// The wallet and its append-only ledger never disagree. Any sequence of grants (with or without expiry, some
// already past it), debits (some larger than the balance) and clock advances is run through the pure wallet
// functions the way src/billing/credits does it: every operation first expires what is due (an 'expiry'
// entry of −remaining per grant), a refused debit changes nothing, a grant is a +credits entry and addGrant.
// After every step: balance = ledger sum = the unexpired grants' remaining credits, never negative; each debit
// draws its exact amount starting from the earliest-expiring grant with credits left; no grant ever holds more
// than it was granted; and walletMismatches() on the facts recomputed from the ledger (what `billfold verify`
// does) finds nothing — while changing any single number in those facts makes it report a problem.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addGrant,
  balanceOf,
  drawdownOrder,
  expireDue,
  type GrantDraw,
  type OpenGrant,
  planDebit,
} from '../../../src/domain/credits/credit-wallet.ts';
import { type WalletFacts, walletMismatches } from '../../../src/domain/credits/reconcile-wallet.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2027, 0, 1);

type Operation =
  | { kind: 'grant'; credits: number; expiresInDays: number | null }
  | { kind: 'debit'; amount: number }
  | { kind: 'advance'; hours: number };

interface LedgerEntry {
  type: 'grant' | 'debit' | 'expiry';
  credits: number;
  grantId?: string;
  drawnFrom?: GrantDraw[];
  balanceAfter: number;
}

interface Wallet {
  now: number;
  /** How often the interesting cases came up, to check the generator reaches them. */
  seen: { refused: number; expiredExactlyNow: number };
  open: OpenGrant[];
  ledger: LedgerEntry[];
  /** Every grant ever made, as credit_grant holds them. */
  granted: { id: string; credits: number; expiresAt: number | null }[];
}

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('grant' as const),
      credits: fc.integer({ min: 1, max: 10_000 }),
      // Whole days from now, so grants share expiries; −2…0 is a grant paid after its expiry (a late period).
      expiresInDays: fc.option(fc.integer({ min: -2, max: 45 }), { nil: null, freq: 3 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('debit' as const),
      // Mostly small debits; some far above any balance a few grants reach.
      amount: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 3_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 60_000 }) },
      ),
    }),
  },
  {
    weight: 2,
    // Hours land on the day boundaries grants expire at, so "expires exactly now" happens.
    arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 0, max: 20 * 24 }) }),
  },
);

/** The k-th element, which the caller knows is there. */
function nth<T>(items: readonly T[], k: number): T {
  const item = items[k];
  if (item === undefined) throw new Error(`no element ${k}`);
  return item;
}

const ledgerSum = (wallet: Wallet) => wallet.ledger.reduce((sum, e) => sum + e.credits, 0);

function append(wallet: Wallet, entry: Omit<LedgerEntry, 'balanceAfter'>): void {
  const before = wallet.ledger.at(-1)?.balanceAfter ?? 0;
  wallet.ledger.push({ ...entry, balanceAfter: before + entry.credits });
}

/** What every operation does first (expireDueGrants): due grants leave the wallet with an expiry entry each. */
function expireNow(wallet: Wallet): void {
  const { open, expired } = expireDue(wallet.open, wallet.now);
  const dueNow = new Set(wallet.open.filter((g) => g.expiresAt === wallet.now).map((g) => g.id));
  wallet.seen.expiredExactlyNow += expired.filter((e) => dueNow.has(e.grantId)).length;
  for (const e of expired) append(wallet, { type: 'expiry', credits: -e.credits, grantId: e.grantId });
  wallet.open = open;
}

/** Per grant, what the ledger says debits drew from it and expiries took. */
function ledgerTotalsByGrant(wallet: Wallet): Map<string, { drawn: number; expired: number }> {
  const totals = new Map(wallet.granted.map((g) => [g.id, { drawn: 0, expired: 0 }]));
  for (const entry of wallet.ledger) {
    for (const draw of entry.drawnFrom ?? []) {
      const t = totals.get(draw.grantId);
      if (!t) throw new Error(`a debit drew from ${draw.grantId}, which was never granted`);
      t.drawn += draw.credits;
    }
    if (entry.type === 'expiry') {
      const t = totals.get(entry.grantId as string);
      if (!t) throw new Error(`${entry.grantId} expired but was never granted`);
      t.expired += -entry.credits;
    }
  }
  return totals;
}

/** The facts `billfold verify` gathers: the stored wallet beside the sums of the append-only tables. */
function factsOf(wallet: Wallet): WalletFacts {
  const totals = ledgerTotalsByGrant(wallet);
  return {
    workspaceId: 'ws_sim',
    storedBalance: balanceOf(wallet.open),
    storedOpen: new Map(wallet.open.map((g) => [g.id, g.remaining])),
    ledgerSum: ledgerSum(wallet),
    lastBalanceAfter: wallet.ledger.at(-1)?.balanceAfter ?? 0,
    grants: wallet.granted.map((g) => ({
      id: g.id,
      credits: g.credits,
      ...(totals.get(g.id) ?? { drawn: 0, expired: 0 }),
    })),
  };
}

/** The same facts with one number moved by `delta` (≠ 0): which number is picked by `slot`. */
function corrupted(facts: WalletFacts, slot: number, delta: number): { facts: WalletFacts; changed: string } {
  const openIds = [...facts.storedOpen.keys()];
  const slots = 3 + openIds.length + 3 * facts.grants.length;
  const i = slot % slots;
  if (i === 0) return { facts: { ...facts, storedBalance: facts.storedBalance + delta }, changed: 'storedBalance' };
  if (i === 1) return { facts: { ...facts, ledgerSum: facts.ledgerSum + delta }, changed: 'ledgerSum' };
  if (i === 2) {
    return { facts: { ...facts, lastBalanceAfter: facts.lastBalanceAfter + delta }, changed: 'lastBalanceAfter' };
  }
  if (i < 3 + openIds.length) {
    const id = nth(openIds, i - 3);
    const storedOpen = new Map(facts.storedOpen);
    storedOpen.set(id, (storedOpen.get(id) as number) + delta);
    return { facts: { ...facts, storedOpen }, changed: `storedOpen[${id}]` };
  }
  const g = Math.floor((i - 3 - openIds.length) / 3);
  const field = nth(['credits', 'drawn', 'expired'] as const, (i - 3 - openIds.length) % 3);
  const grants = facts.grants.map((grant, k) => (k === g ? { ...grant, [field]: grant[field] + delta } : grant));
  return { facts: { ...facts, grants }, changed: `grants[${nth(facts.grants, g).id}].${field}` };
}

/** Earliest expiry, never-expiring as the latest. */
const expiryKey = (g: { expiresAt: number | null }) => g.expiresAt ?? Number.POSITIVE_INFINITY;

function checkDebit(before: readonly OpenGrant[], amount: number, drawnFrom: GrantDraw[]): void {
  expect(drawnFrom.reduce((sum, d) => sum + d.credits, 0)).toBe(amount);
  expect(drawnFrom.every((d) => d.credits > 0)).toBe(true);
  const byId = new Map(before.map((g) => [g.id, g]));
  const drawn = drawnFrom.map((d) => {
    const grant = byId.get(d.grantId);
    if (!grant) throw new Error(`drew from ${d.grantId}, which is not open`);
    return grant;
  });
  // The first draw is from a grant with the earliest expiry among those with credits left.
  const earliest = Math.min(...before.filter((g) => g.remaining > 0).map(expiryKey));
  expect(expiryKey(nth(drawn, 0))).toBe(earliest);
  // The draws follow drawdownOrder, each but the last empties its grant, and no grant left undrawn comes
  // before a drawn one: the debit took a prefix of the wallet in drawdown order.
  for (let k = 1; k < drawn.length; k++) expect(drawdownOrder(nth(drawn, k - 1), nth(drawn, k))).toBeLessThan(0);
  drawnFrom.forEach((d, k) => {
    const grant = nth(drawn, k);
    if (k < drawnFrom.length - 1) expect(d.credits).toBe(grant.remaining);
    else expect(d.credits).toBeLessThanOrEqual(grant.remaining);
  });
  const drawnIds = new Set(drawnFrom.map((d) => d.grantId));
  for (const untouched of before.filter((g) => !drawnIds.has(g.id))) {
    for (const g of drawn) {
      expect(drawdownOrder(g, untouched)).toBeLessThan(0);
      // Independently of drawdownOrder: nothing left undrawn expires earlier, or as early and is older.
      expect(expiryKey(untouched)).toBeGreaterThanOrEqual(expiryKey(g));
      if (expiryKey(untouched) === expiryKey(g)) expect(untouched.grantedAt).toBeGreaterThanOrEqual(g.grantedAt);
    }
  }
}

function checkInvariants(wallet: Wallet, corruption: { slot: number; delta: number }): void {
  const balance = balanceOf(wallet.open);
  expect(balance).toBeGreaterThanOrEqual(0);
  expect(ledgerSum(wallet)).toBe(balance);
  expect(wallet.ledger.at(-1)?.balanceAfter ?? 0).toBe(balance);
  expect(wallet.ledger.every((e) => e.balanceAfter >= 0)).toBe(true);

  // The grants' remaining credits recomputed from the ledger: those not yet expired hold the balance, those
  // past their expiry hold nothing.
  const totals = ledgerTotalsByGrant(wallet);
  let unexpired = 0;
  for (const g of wallet.granted) {
    const t = totals.get(g.id) ?? { drawn: 0, expired: 0 };
    const remaining = g.credits - t.drawn - t.expired;
    expect(remaining).toBeGreaterThanOrEqual(0);
    expect(remaining).toBeLessThanOrEqual(g.credits);
    if (g.expiresAt === null || g.expiresAt > wallet.now) unexpired += remaining;
    else expect(remaining).toBe(0);
  }
  expect(unexpired).toBe(balance);

  // The wallet's open grants: in drawdown order, not expired, each with some but no more than it was granted.
  const grantedById = new Map(wallet.granted.map((g) => [g.id, g]));
  for (const g of wallet.open) {
    expect(g.expiresAt === null || g.expiresAt > wallet.now).toBe(true);
    expect(g.remaining).toBeGreaterThan(0);
    expect(g.remaining).toBeLessThanOrEqual(grantedById.get(g.id)?.credits ?? 0);
  }
  for (let k = 1; k < wallet.open.length; k++) {
    expect(drawdownOrder(nth(wallet.open, k - 1), nth(wallet.open, k))).toBeLessThan(0);
  }

  const facts = factsOf(wallet);
  expect(walletMismatches(facts)).toEqual([]);
  const broken = corrupted(facts, corruption.slot, corruption.delta);
  expect(walletMismatches(broken.facts), `changing ${broken.changed} by ${corruption.delta}`).not.toEqual([]);
}

function run(operations: Operation[], corruption: { slot: number; delta: number }): Wallet {
  const wallet: Wallet = { now: START, seen: { refused: 0, expiredExactlyNow: 0 }, open: [], ledger: [], granted: [] };
  checkInvariants(wallet, corruption);
  for (const op of operations) {
    if (op.kind === 'advance') {
      // The expiry job: a moved clock expires what came due.
      wallet.now += op.hours * HOUR;
      expireNow(wallet);
    } else if (op.kind === 'grant') {
      expireNow(wallet);
      // Ids that sort against the grant order, so ties on expiry and time are settled by the id for real.
      const id = `cg_${String(999 - wallet.granted.length).padStart(3, '0')}`;
      const expiresAt = op.expiresInDays === null ? null : wallet.now + op.expiresInDays * DAY;
      wallet.granted.push({ id, credits: op.credits, expiresAt });
      append(wallet, { type: 'grant', credits: op.credits, grantId: id });
      if (expiresAt !== null && expiresAt <= wallet.now) {
        // Granted after its expiry (grantCredits): granted and expired in the same change.
        append(wallet, { type: 'expiry', credits: -op.credits, grantId: id });
      } else {
        wallet.open = addGrant(wallet.open, { id, remaining: op.credits, expiresAt, grantedAt: wallet.now });
      }
    } else {
      expireNow(wallet);
      const before = wallet.open;
      const snapshot = structuredClone(before);
      const ledgerLength = wallet.ledger.length;
      const balance = balanceOf(before);
      const plan = planDebit(before, op.amount);
      if (plan.kind === 'insufficient') {
        wallet.seen.refused++;
        expect(op.amount).toBeGreaterThan(balance);
        expect(plan.balance).toBe(balance);
        // Refused: nothing changes, and the wallet handed to planDebit was not touched.
        expect(wallet.open).toEqual(snapshot);
        expect(wallet.ledger).toHaveLength(ledgerLength);
      } else {
        expect(op.amount).toBeLessThanOrEqual(balance);
        checkDebit(before, op.amount, plan.drawnFrom);
        expect(plan.balanceAfter).toBe(balance - op.amount);
        wallet.open = plan.open;
        append(wallet, { type: 'debit', credits: -op.amount, drawnFrom: plan.drawnFrom });
      }
    }
    checkInvariants(wallet, corruption);
  }
  return wallet;
}

describe('a wallet run through any sequence of grants, debits and clock advances', () => {
  it('property: balance = ledger sum = unexpired remaining, drawdown by expiry, and verify finds no mismatch', () => {
    fc.assert(
      fc.property(
        fc.array(operationArbitrary, { minLength: 1, maxLength: 60 }),
        fc.nat(),
        fc.integer({ min: -5_000, max: 5_000 }).filter((d) => d !== 0),
        (operations, slot, delta) => {
          run(operations, { slot, delta });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the generated sequences do exercise refusals, expiries and multi-grant debits', () => {
    // A guard on the generator, so the property above cannot pass by never reaching the interesting cases. A fixed
    // seed: the guard checks the generator's reach, and must not fail on an unlucky draw.
    const seen = { refused: 0, expired: 0, multiDraw: 0, expiredExactlyNow: 0 };
    fc.assert(
      fc.property(fc.array(operationArbitrary, { minLength: 20, maxLength: 60 }), (operations) => {
        const wallet = run(operations, { slot: 0, delta: 1 });
        seen.refused += wallet.seen.refused;
        seen.expiredExactlyNow += wallet.seen.expiredExactlyNow;
        seen.expired += wallet.ledger.filter((e) => e.type === 'expiry').length;
        seen.multiDraw += wallet.ledger.filter((e) => (e.drawnFrom ?? []).length > 1).length;
      }),
      { numRuns: 300, seed: 20261125 },
    );
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.expired).toBeGreaterThan(0);
    expect(seen.multiDraw).toBeGreaterThan(0);
    expect(seen.expiredExactlyNow).toBeGreaterThan(0);
  });
});

describe('the simulation on a hand-worked sequence', () => {
  it('grant 100 (Mar 1), 50 (Feb 1), 200 (never); debit 120; refuse 300; advance to Mar 1: balance 200', () => {
    // Jan 1: +100 (expires in 59 days = Mar 1), +50 (31 days = Feb 1), +200 (never) → 350.
    // Debit 120: B 50 + A 70 → 230. Debit 300 > 230: refused, nothing changes.
    // Advance 59 days to Mar 1: B is already empty; A's 30 expire → 200, all of it C's.
    const wallet = run(
      [
        { kind: 'grant', credits: 100, expiresInDays: 59 },
        { kind: 'grant', credits: 50, expiresInDays: 31 },
        { kind: 'grant', credits: 200, expiresInDays: null },
        { kind: 'debit', amount: 120 },
        { kind: 'debit', amount: 300 },
        { kind: 'advance', hours: 59 * 24 },
      ],
      { slot: 3, delta: -1 },
    );
    expect(wallet.ledger.map((e) => [e.type, e.credits, e.balanceAfter])).toEqual([
      ['grant', 100, 100],
      ['grant', 50, 150],
      ['grant', 200, 350],
      ['debit', -120, 230],
      ['expiry', -30, 200],
    ]);
    expect(nth(wallet.ledger, 3).drawnFrom).toEqual([
      { grantId: 'cg_998', credits: 50 },
      { grantId: 'cg_999', credits: 70 },
    ]);
    expect(wallet.open).toEqual([{ id: 'cg_997', remaining: 200, expiresAt: null, grantedAt: START }]);
    expect(new Date(wallet.now).toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });
});
