// A test clock keeps to times billing can work with and never says a time whose due work has not run: only
// 2000–2200 is accepted (year 0 used to break the summary and credits for good), it only moves forward, and a
// long advance runs every renewal on the way instead of stopping after a step limit with the clock at `to`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, testCards } from '../support/billing-fixtures.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => billfold.close());

function attachClock(ws: string, frozenTime: string) {
  return call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock`, { as: owner, body: { frozenTime } });
}

function advance(ws: string, to: string) {
  return call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock/advance`, { as: owner, body: { to } });
}

async function expectBillingReadable(ws: string) {
  for (const path of ['billing', 'credits', 'credits/transactions', 'invoices']) {
    const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/${path}`, { as: owner });
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
  }
}

describe('attaching a test clock', () => {
  it.each(['0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2201-01-01T00:00:00Z'])(
    'refuses %s with 400 naming frozenTime and attaches nothing',
    async (frozenTime) => {
      const ws = (await createWorkspaceAs(billfold, owner)).id;
      const refused = await attachClock(ws, frozenTime);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'invalid_request', param: 'frozenTime' });
      expect(refused.json().error.message).toMatch(/2000.*2200/);
      expect((await call(billfold, 'GET', `/v1/workspaces/${ws}/test-clock`, { as: owner })).statusCode).toBe(404);
      await expectBillingReadable(ws);
    },
  );

  it.each(['2000-01-01T00:00:00Z', '2200-12-31T23:59:59Z'])('accepts %s, at the ends of the range', async (time) => {
    const ws = (await createWorkspaceAs(billfold, owner)).id;
    const attached = await attachClock(ws, time);
    expect(attached.statusCode, attached.body).toBe(201);
    await expectBillingReadable(ws);
  });
});

describe('advancing a test clock', () => {
  it('refuses to move backwards, or past 2200, with 400 naming to, leaving the clock where it was', async () => {
    const ws = (await createWorkspaceAs(billfold, owner)).id;
    expect((await attachClock(ws, '2030-06-01T00:00:00Z')).statusCode).toBe(201);
    for (const to of ['2030-05-31T00:00:00Z', '2030-06-01T00:00:00Z', '2201-01-01T00:00:00Z']) {
      const refused = await advance(ws, to);
      expect(refused.statusCode, `${to}: ${refused.body}`).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'invalid_request', param: 'to' });
    }
    const clock = await call(billfold, 'GET', `/v1/workspaces/${ws}/test-clock`, { as: owner });
    expect(clock.json().frozenTime).toBe('2030-06-01T00:00:00.000Z');
    await expectBillingReadable(ws);
  });

  it('runs every renewal of a long advance: the subscription’s period contains the clock’s new time', {
    timeout: 300_000,
  }, async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'Long Haul')).id;
    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    expect((await attachClock(ws, '2027-01-01T00:00:00Z')).statusCode).toBe(201);
    const subscribed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'pro', tier: 'starter', interval: 'month' },
    });
    expect(subscribed.statusCode, subscribed.body).toBe(200);

    // 23 years of monthly renewals, each with the expiry of the period's credits: more than 500 steps.
    const advanced = await advance(ws, '2050-01-15T00:00:00Z');
    expect(advanced.statusCode, advanced.body).toBe(200);
    const { frozenTime, steps } = advanced.json() as { frozenTime: string; steps: { kind: string; result: string }[] };
    expect(frozenTime).toBe('2050-01-15T00:00:00.000Z');
    const renewals = steps.filter((step) => step.kind === 'renewal');
    expect(renewals.length).toBe(23 * 12);
    expect(renewals.every((step) => step.result === 'paid')).toBe(true);

    const summary = (await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner })).json();
    expect(summary.subscription).toMatchObject({
      status: 'active',
      currentPeriodStart: '2050-01-01T00:00:00.000Z',
      currentPeriodEnd: '2050-02-01T00:00:00.000Z',
    });
  });
});
