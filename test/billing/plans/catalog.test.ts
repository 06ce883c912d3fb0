// The plan catalog file: the shipped one loads; a bad one stops start-up with the field named.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlanCatalog, PlanCatalogError } from '../../../src/billing/plans/catalog.ts';

const shipped = JSON.parse(readFileSync('config/plans.json', 'utf8'));
const folder = mkdtempSync(join(tmpdir(), 'plans-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

function catalogFile(edit: (catalog: typeof shipped) => void): string {
  const catalog = structuredClone(shipped);
  edit(catalog);
  files += 1;
  const path = join(folder, `plans-${files}.json`);
  writeFileSync(path, JSON.stringify(catalog));
  return path;
}

describe('the plan catalog', () => {
  it('ships Free, Flex Credits, Team and Pro with two tiers, monthly and yearly', () => {
    const catalog = loadPlanCatalog();
    expect(catalog.plans.map((p) => `${p.id}:${p.kind}`)).toEqual([
      'free:free',
      'flex:credits',
      'team:subscription',
      'pro:subscription',
    ]);
    const team = catalog.plans.find((p) => p.id === 'team');
    expect(team?.prices.map((p) => `${p.interval} ${p.unitAmount} ${p.perSeat}`)).toEqual([
      'month 1200 true',
      'year 12000 true',
    ]);
    const pro = catalog.plans.find((p) => p.id === 'pro');
    expect(pro?.tiers.map((t) => `${t.name} ${t.creditsPerPeriod}`)).toEqual(['Starter 10000', 'Growth 50000']);
    expect(pro?.seatLimit).toBe(25);
    // Pro Growth's 14-day trial needs a card; no other plan or tier has a trial (docs/decisions/020).
    expect(pro?.tiers.map((t) => `${t.id} ${t.trialDays} ${t.trialRequiresCard}`)).toEqual([
      'starter null null',
      'growth 14 true',
    ]);
    expect(catalog.plans.map((p) => `${p.id} ${p.trialDays} ${p.trialRequiresCard}`)).toEqual([
      'free null false',
      'flex null false',
      'team null false',
      'pro null false',
    ]);
  });

  it.each([
    [
      'a negative price',
      (c: typeof shipped) => {
        c.plans[2].prices[0].unitAmount = -1;
      },
      'plans.2.prices.0.unitAmount',
    ],
    [
      'a subscription plan with nothing to sell',
      (c: typeof shipped) => {
        c.plans[2].prices = [];
      },
      'plans.2.prices',
    ],
    [
      'Pro without a seat limit',
      (c: typeof shipped) => {
        c.plans[3].seatLimit = null;
      },
      'plans.3.seatLimit',
    ],
    [
      'two monthly prices',
      (c: typeof shipped) => {
        c.plans[2].prices[1].interval = 'month';
      },
      'plans.2.prices',
    ],
    [
      'a duplicated plan id',
      (c: typeof shipped) => {
        c.plans[3].id = 'team';
      },
      'plans.3.id',
    ],
    [
      'a currency in upper case',
      (c: typeof shipped) => {
        c.plans[2].prices[0].currency = 'USD';
      },
      'plans.2.prices.0.currency',
    ],
    [
      'a seat price that 10,000 seats and tax could take past one invoice’s bound',
      (c: typeof shipped) => {
        c.plans[2].prices[0].unitAmount = 50_000_001;
      },
      'plans.2',
    ],
    [
      'custom credits whose most could be invoiced past the bound',
      (c: typeof shipped) => {
        c.plans[1].customCredits.unitAmountPer1000 = 1_000_000_000;
      },
      'plans.1',
    ],
    [
      'a trial of no days',
      (c: typeof shipped) => {
        c.plans[2].trialDays = 0;
      },
      'plans.2.trialDays',
    ],
    [
      'a trial of a part of a day on a tier',
      (c: typeof shipped) => {
        c.plans[3].tiers[0].trialDays = 1.5;
      },
      'plans.3.tiers.0.trialDays',
    ],
    [
      'a trial on Free',
      (c: typeof shipped) => {
        c.plans[0].trialDays = 14;
      },
      'plans.0.trialDays',
    ],
  ])('refuses %s, naming %s', (_label, edit, field) => {
    const path = catalogFile(edit);
    expect(() => loadPlanCatalog(path)).toThrow(PlanCatalogError);
    expect(() => loadPlanCatalog(path)).toThrow(`${field}:`);
  });
});
