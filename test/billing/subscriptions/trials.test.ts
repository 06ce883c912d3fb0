// Trials through the API, on test clocks, with the hand-worked figure: Team with 3 seats and a 14-day trial
// from Apr 1 is charged nothing until Apr 15, its end is announced on day 11 (Apr 12) exactly once, and on Apr 15 the
// first month, $12 × 3 = $36.00, is invoiced and paid. Also: a trial needing a card refused without one, a cancel
// during the trial (nothing charged), a declined card at the trial's end (past due), a trial without a card (its
// invoice stays open), seats changed during the trial, and a second subscription to a trialed plan (charged at once).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { testCards, workspaceOnTestClock } from '../../support/billing-fixtures.ts';
import { call, type SignedInUser, signUp, startTestBillfold, type TestBillfold } from '../../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  // The demo catalog, with Team's 14-day trial (card required) and a 7-day Pro Starter trial without a card.
  const catalog = JSON.parse(readFileSync('config/plans.json', 'utf8'));
  const team = catalog.plans.find((p: { id: string }) => p.id === 'team');
  Object.assign(team, { trialDays: 14, trialRequiresCard: true });
  const pro = catalog.plans.find((p: { id: string }) => p.id === 'pro');
  Object.assign(
    pro.tiers.find((t: { id: string }) => t.id === 'starter'),
    { trialDays: 7, trialRequiresCard: false },
  );
  const folder = mkdtempSync(join(tmpdir(), 'trial-catalog-'));
  const path = join(folder, 'plans.json');
  writeFileSync(path, JSON.stringify(catalog));
  billfold = await startTestBillfold({ BILLFOLD_PLAN_CATALOG: path });
  rmSync(folder, { recursive: true });
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => {
  await billfold.close();
});

function workspaceAt(frozenTime: string, card: string | null = testCards.succeeds): Promise<string> {
  return workspaceOnTestClock(billfold, owner, frozenTime, { name: 'Trial Co', card });
}

function post(ws: string, path: string, body: Record<string, unknown> = {}) {
  return call(billfold, 'POST', `/v1/workspaces/${ws}/${path}`, { as: owner, body });
}

async function advance(ws: string, to: string): Promise<string[]> {
  const response = await post(ws, 'test-clock/advance', { to });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().steps as { at: string; kind: string; result: string }[]).map(
    (s) => `${s.at.slice(0, 10)} ${s.kind} ${s.result}`,
  );
}

async function summary(ws: string) {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function invoiceTotals(ws: string): Promise<string[]> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
  return response.json().data.map((i: { total: number; status: string }) => `${i.total} ${i.status}`);
}

async function eventTypes(ws: string): Promise<string[]> {
  const rows = await billfold.database.db
    .selectFrom('outbox_event')
    .select('type')
    .where('workspace_id', '=', ws)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.type);
}

async function trialEmails(ws: string) {
  while ((await publishEvents(billfold.deps)) > 0);
  return billfold.database.db
    .selectFrom('email_message')
    .select(['subject', 'text'])
    .where('workspace_id', '=', ws)
    .where('kind', '=', 'trial_ending')
    .execute();
}

describe('Team with 3 seats and a 14-day trial from Apr 1, 2027', () => {
  let ws: string;

  beforeAll(async () => {
    ws = await workspaceAt('2027-04-01T00:00:00Z');
  });

  it('is previewed as free today, then $36.00 on Apr 15', async () => {
    const preview = await call(billfold, 'GET', `/v1/workspaces/${ws}/subscription/preview?plan=team&seats=3`, {
      as: owner,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      effective: 'now',
      lines: [],
      amountDue: 0,
      trialEnd: '2027-04-15T00:00:00.000Z',
      // 3 seats × $12.00 = $36.00, on the trial's last moment.
      nextCharge: { amount: 3600, currency: 'usd', date: '2027-04-15T00:00:00.000Z' },
    });
  });

  it('starts trialing at once, with no invoice, on Team with 3 seats', async () => {
    const response = await post(ws, 'subscription', { plan: 'team', seats: 3 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().invoice).toBeNull();
    expect(response.json().subscription).toMatchObject({
      status: 'trialing',
      seats: 3,
      trialEnd: '2027-04-15T00:00:00.000Z',
      currentPeriodStart: '2027-04-01T00:00:00.000Z',
      currentPeriodEnd: '2027-04-15T00:00:00.000Z',
    });
    const billing = await summary(ws);
    expect(billing.plan.id).toBe('team');
    expect(billing.seats.maxUsers).toBe(3);
    expect(billing.nextCharge).toEqual({ amount: 3600, currency: 'usd', date: '2027-04-15T00:00:00.000Z' });
    expect(await invoiceTotals(ws)).toEqual([]);
    expect(await eventTypes(ws)).toContain('subscription.created');
  });

  it('announces its end on Apr 12 (day 11), once, by event and by email', async () => {
    expect(await advance(ws, '2027-04-11T23:59:59Z')).toEqual([]);
    expect((await eventTypes(ws)).filter((t) => t === 'subscription.trial_will_end')).toHaveLength(0);
    expect(await advance(ws, '2027-04-12T12:00:00Z')).toEqual(['2027-04-12 trial_end_notice trial_will_end']);
    expect((await eventTypes(ws)).filter((t) => t === 'subscription.trial_will_end')).toHaveLength(1);
    const emails = await trialEmails(ws);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toBe('Your Team trial ends on Apr 15, 2027');
    expect(emails[0]?.text).toContain('$36.00');
    expect(await invoiceTotals(ws)).toEqual([]);
  });

  it('invoices and charges $36.00 on Apr 15, active from then, the notice never repeated', async () => {
    expect(await advance(ws, '2027-04-16T00:00:00Z')).toEqual(['2027-04-15 renewal paid']);
    expect(await invoiceTotals(ws)).toEqual(['3600 paid']);
    const billing = await summary(ws);
    expect(billing.subscription).toMatchObject({
      status: 'active',
      trialEnd: '2027-04-15T00:00:00.000Z',
      currentPeriodStart: '2027-04-15T00:00:00.000Z',
      currentPeriodEnd: '2027-05-15T00:00:00.000Z',
    });
    expect(billing.nextCharge).toEqual({ amount: 3600, currency: 'usd', date: '2027-05-15T00:00:00.000Z' });
    const activity = await call(billfold, 'GET', `/v1/workspaces/${ws}/activity`, { as: owner });
    const sentences = activity.json().data.map((e: { summary: string }) => e.summary);
    expect(sentences).toContain('Started a free trial of Team (monthly), 3 seats, until Apr 15, 2027');
    expect(sentences.some((s: string) => /^Paid the first period after the trial — .+ \(\$36\.00\)/.test(s))).toBe(
      true,
    );
    expect(await advance(ws, '2027-05-16T00:00:00Z')).toEqual(['2027-05-15 renewal paid']);
    expect((await eventTypes(ws)).filter((t) => t === 'subscription.trial_will_end')).toHaveLength(1);
    expect(await trialEmails(ws)).toHaveLength(1);
  });
});

describe('the catalog', () => {
  it('GET /v1/plans names each trial: Team 14 days with a card, Pro Starter 7 days without, Growth 14 with', async () => {
    const response = await call(billfold, 'GET', '/v1/plans', { as: owner });
    expect(response.statusCode, response.body).toBe(200);
    const plans = response.json().data as {
      id: string;
      trialDays: number | null;
      trialRequiresCard: boolean;
      tiers: { id: string; trialDays: number | null; trialRequiresCard: boolean | null }[];
    }[];
    expect(plans.map((p) => `${p.id} ${p.trialDays} ${p.trialRequiresCard}`)).toEqual([
      'free null false',
      'flex null false',
      'team 14 true',
      'pro null false',
    ]);
    const pro = plans.find((p) => p.id === 'pro');
    expect(pro?.tiers.map((t) => `${t.id} ${t.trialDays} ${t.trialRequiresCard}`)).toEqual([
      'starter 7 false',
      'growth 14 true',
    ]);
  });
});

describe('a trial that needs a card', () => {
  it('is refused without one (409 naming the card), and nothing changes', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z', null);
    const response = await post(ws, 'subscription', { plan: 'team', seats: 2 });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'payment_method_required' });
    expect(response.json().error.message).toContain('needs a card');
    const billing = await summary(ws);
    expect(billing.plan.id).toBe('free');
    expect(billing.subscription).toBeNull();
    expect(await eventTypes(ws)).not.toContain('subscription.created');
  });
});

describe('cancel during the trial', () => {
  it('ends it at the trial end with nothing charged; subscribing to Team again is charged at once, no trial', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    await post(ws, 'subscription', { plan: 'team', seats: 3 });
    const canceled = await post(ws, 'subscription/cancel');
    expect(canceled.statusCode, canceled.body).toBe(200);
    expect((await summary(ws)).subscription).toMatchObject({
      status: 'trialing',
      cancelAtPeriodEnd: true,
      activeUntil: '2027-04-15T00:00:00.000Z',
    });
    expect((await summary(ws)).nextCharge).toBeNull();
    expect(await advance(ws, '2027-04-20T00:00:00Z')).toEqual([
      '2027-04-12 trial_end_notice trial_will_end',
      '2027-04-15 renewal ended',
    ]);
    expect(await invoiceTotals(ws)).toEqual([]);
    expect((await summary(ws)).plan.id).toBe('free');

    // One trial per plan: the second Team subscription pays its first month now (3 × $12.00 = $36.00).
    const again = await post(ws, 'subscription', { plan: 'team', seats: 3 });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().invoice).toMatchObject({ total: 3600, status: 'paid' });
    expect(again.json().subscription).toMatchObject({ status: 'active', trialEnd: null });
    expect(await invoiceTotals(ws)).toEqual(['3600 paid']);
  });
});

describe('changes during the trial', () => {
  it('seats change at once and free, the trial end bills them; another plan is refused with 409', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    await post(ws, 'subscription', { plan: 'team', seats: 3 });
    await advance(ws, '2027-04-05T00:00:00Z');
    const seats = await post(ws, 'subscription/seats', { seats: 5 });
    expect(seats.statusCode, seats.body).toBe(200);
    const billing = await summary(ws);
    expect(billing.seats.maxUsers).toBe(5);
    // 5 seats × $12.00 = $60.00 on the trial's end.
    expect(billing.nextCharge).toEqual({ amount: 6000, currency: 'usd', date: '2027-04-15T00:00:00.000Z' });

    const toPro = await post(ws, 'subscription', { plan: 'pro', tier: 'growth' });
    expect(toPro.statusCode, toPro.body).toBe(409);
    expect(toPro.json().error.message).toContain('The Team trial runs until 2027-04-15');
    expect((await summary(ws)).plan.id).toBe('team');

    expect(await advance(ws, '2027-04-16T00:00:00Z')).toEqual([
      '2027-04-12 trial_end_notice trial_will_end',
      '2027-04-15 renewal paid',
    ]);
    expect(await invoiceTotals(ws)).toEqual(['6000 paid']);
  });
});

describe("the trial's end unpaid", () => {
  it('a declined card: the $36.00 invoice stays open and the subscription is past due, in dunning', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z', testCards.chargesFail);
    await post(ws, 'subscription', { plan: 'team', seats: 3 });
    expect(await advance(ws, '2027-04-15T12:00:00Z')).toEqual([
      '2027-04-12 trial_end_notice trial_will_end',
      '2027-04-15 renewal failed',
    ]);
    expect(await invoiceTotals(ws)).toEqual(['3600 open']);
    const billing = await summary(ws);
    expect(billing.subscription).toMatchObject({
      status: 'past_due',
      pastDue: { amount: 3600, reason: 'payment_failed' },
    });
    // Dunning retries it like a failed renewal: the first retry a day later.
    expect(billing.subscription.pastDue.nextRetryAt).toBe('2027-04-16T00:00:00.000Z');
  });

  it('a trial without a card (Pro Starter, 7 days): its $49.00 invoice is issued open, past due for no card', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z', null);
    const started = await post(ws, 'subscription', { plan: 'pro', tier: 'starter' });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().subscription).toMatchObject({ status: 'trialing', trialEnd: '2027-04-08T00:00:00.000Z' });
    // A 7-day trial is announced 3 days before its end, Apr 5.
    expect(await advance(ws, '2027-04-08T12:00:00Z')).toEqual([
      '2027-04-05 trial_end_notice trial_will_end',
      '2027-04-08 renewal no_payment_method',
    ]);
    expect(await invoiceTotals(ws)).toEqual(['4900 open']);
    expect((await summary(ws)).subscription).toMatchObject({
      status: 'past_due',
      pastDue: { amount: 4900, reason: 'no_payment_method', failureMessage: 'There is no payment method to charge.' },
    });
    const emails = await trialEmails(ws);
    expect(emails[0]?.text).toContain('add a card before Apr 8, 2027');
  });
});
