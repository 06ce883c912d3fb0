// What is scheduled for the period end, told and carried out as one thing (issue 13's defects): a cancel laid on a
// scheduled seat decrease keeps the decrease for Resume; a downgrade to Flex is a scheduled change to Flex, not a
// cancel; Cancel and a downgrade to Free follow one rule, and both previews say what will happen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceOnTestClock } from '../../support/billing-fixtures.ts';
import {
  addMember,
  call,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';
import { freshEmail } from '../../support/workspace-state.ts';

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => {
  await billfold.close();
});

function workspaceOnClock(name: string): Promise<string> {
  return workspaceOnTestClock(billfold, owner, '2027-01-01T00:00:00Z', { name });
}

async function post(ws: string, path: string, body?: unknown) {
  const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/${path}`, { as: owner, body: body ?? {} });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function get(ws: string, path: string) {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/${path}`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function advance(ws: string, to: string) {
  const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock/advance`, { as: owner, body: { to } });
  expect(response.statusCode, response.body).toBe(200);
}

describe('a cancel laid on a scheduled seat decrease', () => {
  it('keeps the decrease for Resume: Team 5 seats → 4 at renewal → cancel → resume still renews 4 seats for $48', async () => {
    const ws = await workspaceOnClock('Keeps Decrease');
    await post(ws, 'subscription', { plan: 'team', interval: 'month', seats: 5 });
    await post(ws, 'subscription/seats', { seats: 4 });
    const scheduled = await get(ws, 'billing');
    expect(scheduled.subscription.scheduledChange).toMatchObject({ plan: { id: 'team' }, seats: 4 });
    expect(scheduled.nextCharge).toMatchObject({ amount: 4800 });

    await post(ws, 'subscription/cancel');
    const canceled = await get(ws, 'billing');
    expect(canceled.subscription).toMatchObject({
      cancelAtPeriodEnd: true,
      activeUntil: '2027-02-01T00:00:00.000Z',
      scheduledChange: null,
      scheduledChangeOnResume: { plan: { id: 'team' }, seats: 4 },
    });
    expect(canceled.nextCharge).toBeNull();

    await post(ws, 'subscription/resume');
    const resumed = await get(ws, 'billing');
    expect(resumed.subscription).toMatchObject({
      cancelAtPeriodEnd: false,
      scheduledChange: { plan: { id: 'team' }, seats: 4, effectiveAt: '2027-02-01T00:00:00.000Z' },
      scheduledChangeOnResume: null,
    });
    expect(resumed.nextCharge).toEqual({ amount: 4800, currency: 'usd', date: '2027-02-01T00:00:00.000Z' });

    await advance(ws, '2027-02-01T00:00:00Z');
    const renewed = await get(ws, 'billing');
    expect(renewed.subscription).toMatchObject({ seats: 4, scheduledChange: null });
    expect(renewed.seats.maxUsers).toBe(4);
    const list = await get(ws, 'invoices');
    expect(list.data[0]).toMatchObject({ total: 4800, status: 'paid' });
  });
});

describe('Cancel scheduled change', () => {
  it('undoes a seat decrease set for the renewal: Team 5 seats → 4 scheduled → canceled → renews 5 seats for $60', async () => {
    const ws = await workspaceOnClock('Undoes Decrease');
    await post(ws, 'subscription', { plan: 'team', interval: 'month', seats: 5 });
    await post(ws, 'subscription/seats', { seats: 4 });
    expect((await get(ws, 'billing')).nextCharge).toMatchObject({ amount: 4800 });

    await post(ws, 'subscription/scheduled-change/cancel');
    const kept = await get(ws, 'billing');
    expect(kept.subscription).toMatchObject({ cancelAtPeriodEnd: false, scheduledChange: null });
    expect(kept.nextCharge).toEqual({ amount: 6000, currency: 'usd', date: '2027-02-01T00:00:00.000Z' });

    // Nothing is left to cancel; a plan set to end is resumed, not "unscheduled".
    const again = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/scheduled-change/cancel`, {
      as: owner,
      body: {},
    });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().error.message).toBe(
      'No change is scheduled for the period end, so there is nothing to cancel.',
    );
    await post(ws, 'subscription/cancel');
    const ending = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/scheduled-change/cancel`, {
      as: owner,
      body: {},
    });
    expect(ending.statusCode, ending.body).toBe(409);
    expect(ending.json().error.message).toBe('The subscription is set to end at the period end: resume it to keep it.');
    await post(ws, 'subscription/resume');

    await advance(ws, '2027-02-01T00:00:00Z');
    const renewed = await get(ws, 'billing');
    expect(renewed.seats.maxUsers).toBe(5);
    expect((await get(ws, 'invoices')).data[0]).toMatchObject({ total: 6000, status: 'paid' });
  });
});

describe('a downgrade from Pro to Flex Credits', () => {
  it('is a scheduled change to Flex, never a cancel, and lands on Flex at the period end', async () => {
    const ws = await workspaceOnClock('Pro To Flex');
    await post(ws, 'subscription', { plan: 'pro', tier: 'starter', interval: 'month' });
    const preview = await get(ws, 'subscription/preview?plan=flex');
    expect(preview).toMatchObject({ effective: 'period_end', effectiveAt: '2027-02-01T00:00:00.000Z', amountDue: 0 });
    expect(preview.nextCharge).toBeNull();
    expect(preview.consequences.creditsExpiring).toEqual({ credits: 10000, at: '2027-02-01T00:00:00.000Z' });

    await post(ws, 'subscription', { plan: 'flex' });
    const page = await get(ws, 'billing');
    expect(page.subscription).toMatchObject({
      cancelAtPeriodEnd: false,
      activeUntil: null,
      scheduledChange: {
        plan: { id: 'flex', name: 'Flex Credits' },
        tier: null,
        interval: null,
        seats: null,
        effectiveAt: '2027-02-01T00:00:00.000Z',
      },
    });
    expect(page.nextCharge).toBeNull();
    // There is no cancel to resume.
    const resume = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/resume`, { as: owner, body: {} });
    expect(resume.statusCode, resume.body).toBe(409);

    await advance(ws, '2027-02-01T00:00:00Z');
    const after = await get(ws, 'billing');
    expect(after.plan.id).toBe('flex');
    expect(after.subscription).toBeNull();
  });
});

describe('Cancel and a downgrade to Free, over the Free seat limit', () => {
  it('follow one rule, and both previews say members stay, no new invites, credits and next invoice', async () => {
    const ws = await workspaceOnClock('Over Free');
    await post(ws, 'subscription', { plan: 'team', interval: 'month', seats: 5 });
    await addMember(billfold, { id: ws }, owner, await signUp(billfold, 'm2'), 'member');
    await addMember(billfold, { id: ws }, owner, await signUp(billfold, 'm3'), 'member');
    for (const label of ['i1', 'i2']) {
      const invite = await call(billfold, 'POST', `/v1/workspaces/${ws}/invites`, {
        as: owner,
        body: { email: freshEmail(label), role: 'member' },
      });
      expect(invite.statusCode, invite.body).toBe(201);
    }
    const membersOverLimit = { seatLimit: 3, seatsInUse: 5, activeUsers: 3, pendingInvites: 2 };
    const toFree = await get(ws, 'subscription/preview?plan=free');
    const cancel = await get(ws, 'subscription/cancel/preview');
    for (const preview of [toFree, cancel]) {
      expect(preview).toMatchObject({
        effective: 'period_end',
        effectiveAt: '2027-02-01T00:00:00.000Z',
        amountDue: 0,
        nextCharge: null,
        consequences: { membersOverLimit, creditsExpiring: null },
      });
    }

    await post(ws, 'subscription/cancel');
    await advance(ws, '2027-02-01T00:00:00Z');
    const after = await get(ws, 'billing');
    expect(after.plan.id).toBe('free');
    expect(after.seats).toEqual({ activeUsers: 3, pendingInvites: 2, maxUsers: 3 });
    const refused = await call(billfold, 'POST', `/v1/workspaces/${ws}/invites`, {
      as: owner,
      body: { email: freshEmail('late'), role: 'member' },
    });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('seat_limit_reached');
  });
});
