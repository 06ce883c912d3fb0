// Proration to the second, against examples worked by hand and properties: a whole period prorates to the full
// price, splitting a period never makes or loses more than one minor unit per line, and a credit and a charge
// for the same time cancel exactly.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { loadPlanCatalog } from '../../../src/billing/plans/catalog.ts';
import { invoiceTotals, proratedLine } from '../../../src/domain/invoices/invoice-totals.ts';
import { billingPeriod } from '../../../src/domain/subscriptions/billing-period.ts';
import { planChangeTiming } from '../../../src/domain/subscriptions/plan-change.ts';
import { addedSeatsLine, periodLine, planChangeLines } from '../../../src/domain/subscriptions/subscription-lines.ts';
import { priceFromCatalog } from '../../../src/domain/subscriptions/subscription-price.ts';

const catalog = loadPlanCatalog();
const teamMonthly = priceFromCatalog(catalog, { plan: 'team', interval: 'month' });
const teamYearly = priceFromCatalog(catalog, { plan: 'team', interval: 'year' });
const proStarter = priceFromCatalog(catalog, { plan: 'pro', tier: 'starter', interval: 'month' });
const at = (iso: string) => Temporal.Instant.from(iso);
const amounts = (lines: { amount: number }[]) => lines.map((l) => l.amount);

describe('hand-worked prorations', () => {
  it('a mid-month seat increase on monthly Team: 3 seats with 20 of 30 days left', () => {
    // April 2027: 30 days; Apr 11 00:00 → May 1 00:00 leaves 20 days. 3 × 1200 × 20/30 = 72000/30 = 2400.
    const april = billingPeriod(at('2027-04-01T00:00:00Z'), 'month', 0);
    const line = addedSeatsLine(teamMonthly, 3, april, at('2027-04-11T00:00:00Z'));
    expect(line).toMatchObject({ quantity: 3, unitAmount: 1200, amount: 2400, proration: true });
    expect(line.description).toBe('Team (monthly) — per seat, 3 added seats for the rest of the period');
  });

  it('a seat increase on yearly Team: 1 seat with 183 of 365 days left', () => {
    // 2027 has 365 days; Jul 2 → Jan 1 is 183 days (Jul–Dec: 30 + 31 + 31 + 30 + 31 + 30 = 183).
    // 1 × 12000 × 183/365 = 2196000/365 = 6016.438… → 6016.
    const year = billingPeriod(at('2027-01-01T00:00:00Z'), 'year', 0);
    expect(addedSeatsLine(teamYearly, 1, year, at('2027-07-02T00:00:00Z')).amount).toBe(6016);
  });

  it('Team (3 seats, $36) → Pro Starter ($49) with 10 of 30 days left: −$12.00 + $16.33 = $4.33', () => {
    // Credit: −3 × 1200 × 10/30 = −1200. Charge: 4900 × 10/30 = 1633.33… → 1633 (each line rounded once).
    const current = { price: teamMonthly, seats: 3 };
    const next = { price: proStarter, seats: null };
    expect(planChangeTiming(current, next)).toBe('immediate');
    const april = billingPeriod(at('2027-04-01T00:00:00Z'), 'month', 0);
    const lines = planChangeLines(current, next, april, at('2027-04-21T00:00:00Z'), null);
    expect(amounts(lines)).toEqual([-1200, 1633]);
    expect(lines.map((l) => l.quantity)).toEqual([-3, 1]);
    // −1200 + 1633 = 433, and no tax without a rate.
    expect(invoiceTotals(lines, null)).toEqual({ subtotal: 433, tax: 0, total: 433 });
  });

  it('Team with 5 seats ($60) → Pro Starter ($49) would credit more than it charges: it waits for the renewal', () => {
    // At the middle: −6000 × ½ = −3000 and 4900 × ½ = 2450, −550 in all; so it is a downgrade.
    const current = { price: teamMonthly, seats: 5 };
    const next = { price: proStarter, seats: null };
    expect(planChangeTiming(current, next)).toBe('at_period_end');
    const april = billingPeriod(at('2027-04-01T00:00:00Z'), 'month', 0);
    // Apr 16 00:00 → May 1 00:00 is 15 of 30 days.
    const lines = planChangeLines(current, next, april, at('2027-04-16T00:00:00Z'), null);
    expect(amounts(lines)).toEqual([-3000, 2450]);
    // −3000 + 2450 = −550: a credit larger than the charge leaves nothing to tax.
    expect(invoiceTotals(lines, null)).toEqual({ subtotal: -550, tax: 0, total: -550 });
  });

  it('a Jan 31 anchor: 1 seat added on Feb 14 (14 of 28 days left) costs $6.00; March runs Feb 28 → Mar 31', () => {
    // Period 0 runs Jan 31 → Feb 28 2027 (28 days); Feb 14 → Feb 28 leaves 14. 1 × 1200 × 14/28 = 600.
    // Period 1 runs Feb 28 → Mar 31 (31 days), computed from the anchor, not Feb 28 + 1 month = Mar 28.
    const anchor = at('2027-01-31T00:00:00Z');
    const february = billingPeriod(anchor, 'month', 0);
    expect(addedSeatsLine(teamMonthly, 1, february, at('2027-02-14T00:00:00Z')).amount).toBe(600);
    const march = billingPeriod(anchor, 'month', 1);
    expect([march.start.toString(), march.end.toString()]).toEqual(['2027-02-28T00:00:00Z', '2027-03-31T00:00:00Z']);
    expect(march.start.until(march.end).total('hours')).toBe(31 * 24);
    // A whole period is not prorated: 4 × 1200 = 4800.
    expect(periodLine(teamMonthly, 4, march)).toMatchObject({ quantity: 4, amount: 4800, proration: false });
  });
});

const periodArbitrary = fc
  .tuple(
    fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }),
    fc.constantFrom('month' as const, 'year' as const),
  )
  .map(([date, interval]) => billingPeriod(Temporal.Instant.fromEpochMilliseconds(date.getTime()), interval, 0));

describe('proration properties', () => {
  it('prorating over the whole period charges exactly the full price', () => {
    fc.assert(
      fc.property(
        periodArbitrary,
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (period, seats, unitAmount) => {
          const price = { ...teamMonthly, unitAmount };
          expect(addedSeatsLine(price, seats, period, period.start).amount).toBe(seats * unitAmount);
        },
      ),
    );
  });

  it('splitting a period in two never makes or loses more than one minor unit per line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 366 * 86_400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (whole, split, quantity, unitAmount) => {
          const first = Math.floor(whole * split);
          const period = { start: new Date(0), end: new Date(whole * 1000) };
          const a = proratedLine('first part', quantity, unitAmount, { used: first, whole }, period).amount;
          const b = proratedLine('rest', quantity, unitAmount, { used: whole - first, whole }, period).amount;
          expect(Math.abs(a + b - quantity * unitAmount)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('a credit for unused time and a charge for the same price and seats cancel exactly', () => {
    fc.assert(
      fc.property(
        periodArbitrary,
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        (period, split, seats) => {
          const length = period.end.epochMilliseconds - period.start.epochMilliseconds;
          const moment = Temporal.Instant.fromEpochMilliseconds(
            period.start.epochMilliseconds + Math.floor(length * split),
          );
          const same = { price: teamMonthly, seats };
          expect(amounts(planChangeLines(same, same, period, moment, null)).reduce((x, y) => x + y, 0)).toBe(0);
        },
      ),
    );
  });

  it('an immediate change never leaves a negative invoice', () => {
    const prices = [
      teamMonthly,
      teamYearly,
      proStarter,
      priceFromCatalog(catalog, { plan: 'pro', tier: 'growth', interval: 'month' }),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...prices),
        fc.constantFrom(...prices),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (from, to, fromSeats, toSeats, split) => {
          const current = { price: from, seats: from.perSeat ? fromSeats : null };
          const next = { price: to, seats: to.perSeat ? toSeats : null };
          fc.pre(planChangeTiming(current, next) === 'immediate' && from.interval === to.interval);
          const period = billingPeriod(at('2027-04-01T00:00:00Z'), from.interval, 0);
          const length = period.end.epochMilliseconds - period.start.epochMilliseconds;
          const moment = Temporal.Instant.fromEpochMilliseconds(
            period.start.epochMilliseconds + Math.floor(length * split),
          );
          expect(
            amounts(planChangeLines(current, next, period, moment, null)).reduce((x, y) => x + y, 0),
          ).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
