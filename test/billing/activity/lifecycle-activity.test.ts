// The activity log after a Team subscription's whole life (test/support/billing-lifecycle.ts): every change with
// who made it — the owner and the billing manager by name and role, Billfold itself for the renewals, the failed
// payments, the dunning retries and the return to Free — and what it changed from and to, newest first, in pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleRun, runBillingLifecycle } from '../../support/billing-lifecycle.ts';
import { call, createWorkspaceAs, signUp, startTestBillfold, type TestBillfold } from '../../support/test-billfold.ts';

interface Entry {
  id: string;
  action: string;
  occurredAt: string;
  actor: { type: string; id: string | null; name: string; role: string | null };
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  summary: string;
}

let billfold: TestBillfold;
let run: LifecycleRun;
let entries: Entry[];

beforeAll(async () => {
  billfold = await startTestBillfold();
  run = await runBillingLifecycle(billfold);
  const response = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/activity?limit=100`, { as: run.owner });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json().hasMore).toBe(false);
  entries = response.json().data;
}, 120_000);
afterAll(async () => {
  await billfold.close();
});

const only = (action: string) => entries.filter((e) => e.action === action);
const one = (action: string) => {
  const found = only(action);
  expect(found, action).toHaveLength(1);
  return found[0] as Entry;
};

describe('the activity log of a subscription from first charge to Free', () => {
  it('lists each change newest first, the system’s acts among the people’s', () => {
    expect(entries.map((e) => e.action)).toEqual(
      [
        'payment_method.attached', // the first card, by the owner
        'invite.created', // the billing manager invited with the Billing role (the plain member is not billing's)
        'subscription.started',
        'payment.succeeded',
        'subscription.seats_changed', // by the billing manager
        'payment.succeeded',
        'subscription.canceled_at_period_end',
        'subscription.resumed',
        'subscription.renewed', // Apr 1
        'payment.succeeded',
        'payment_method.attached', // the card whose charges fail
        'subscription.renewed', // May 1
        'subscription.past_due',
        'payment.failed',
        ...['subscription.payment_retried', 'payment.failed'],
        ...['subscription.payment_retried', 'payment.failed'],
        ...['subscription.payment_retried', 'payment.failed'],
        ...['subscription.payment_retried', 'subscription.ended', 'payment.failed'],
      ].reverse(),
    );
    const ids = entries.map((e) => e.id);
    expect([...ids].sort().reverse()).toEqual(ids);
  });

  it('names people by name and role, and the system as Billfold', () => {
    const owner = { type: 'user', id: run.owner.userId, name: run.owner.name, role: 'Owner' };
    const manager = { type: 'user', id: run.manager.userId, name: run.manager.name, role: 'Billing' };
    const system = { type: 'system', id: null, name: 'Billfold', role: 'System' };
    expect(one('subscription.started').actor).toEqual(owner);
    expect(one('subscription.seats_changed').actor).toEqual(manager);
    expect(one('subscription.canceled_at_period_end').actor).toEqual(owner);
    expect(one('subscription.resumed').actor).toEqual(manager);
    for (const action of ['subscription.renewed', 'subscription.past_due', 'subscription.payment_retried']) {
      for (const entry of only(action)) expect(entry.actor, action).toEqual(system);
    }
    expect(one('subscription.ended').actor).toEqual(system);
    // The renewals' payments are the system's; the ones the people asked for are theirs.
    expect(only('payment.succeeded').map((e) => e.actor.name)).toEqual(['Billfold', run.manager.name, run.owner.name]);
    expect(only('payment.failed').every((e) => e.actor.type === 'system')).toBe(true);
  });

  it('says what each change was, from what to what', () => {
    expect(one('subscription.started')).toMatchObject({
      summary: 'Subscribed to Team (monthly), 3 seats',
      before: null,
      after: { plan: { id: 'team', name: 'Team' }, interval: 'month', seats: 3 },
    });
    expect(one('subscription.seats_changed')).toMatchObject({
      summary: 'Set max users from 3 to 5',
      before: { seats: 3 },
      after: { seats: 5 },
      occurredAt: '2027-03-16T12:00:00.000Z',
    });
    expect(one('subscription.canceled_at_period_end')).toMatchObject({
      summary: 'Canceled the subscription, active until Apr 1, 2027',
      before: { cancelAtPeriodEnd: false },
      after: { cancelAtPeriodEnd: true },
    });
    expect(one('subscription.resumed')).toMatchObject({
      summary: 'Resumed the subscription',
      before: { cancelAtPeriodEnd: true },
      after: { cancelAtPeriodEnd: false },
    });
    const [mayRenewal, aprilRenewal] = only('subscription.renewed');
    expect(aprilRenewal).toMatchObject({
      occurredAt: '2027-04-01T00:00:00.000Z',
      summary: 'Renewed the subscription until May 1, 2027 — BF-000003 ($60.00)',
      before: { currentPeriodEnd: '2027-04-01T00:00:00.000Z', seats: 5 },
      after: { currentPeriodStart: '2027-04-01T00:00:00.000Z', currentPeriodEnd: '2027-05-01T00:00:00.000Z' },
    });
    expect(mayRenewal?.summary).toBe('Renewed the subscription until Jun 1, 2027 — BF-000004 ($60.00)');
    expect(one('subscription.past_due')).toMatchObject({
      summary: 'Marked the subscription past due; the next retry is on May 2, 2027',
      before: { status: 'active' },
      after: { status: 'past_due', reason: 'payment_failed' },
    });
    expect(only('payment.failed').map((e) => e.summary)).toEqual(
      Array(5).fill('Payment failed for BF-000004 ($60.00): Your card was declined.'),
    );
    expect(only('subscription.payment_retried').map((e) => [e.occurredAt.slice(0, 10), e.summary])).toEqual(
      [
        ['2027-05-02', 'Retried a past-due payment (retry 1) — BF-000004 ($60.00)'],
        ['2027-05-04', 'Retried a past-due payment (retry 2) — BF-000004 ($60.00)'],
        ['2027-05-06', 'Retried a past-due payment (retry 3) — BF-000004 ($60.00)'],
        ['2027-05-08', 'Retried a past-due payment (retry 4) — BF-000004 ($60.00)'],
      ].reverse(),
    );
    expect(one('subscription.ended')).toMatchObject({
      summary: 'Returned the workspace to Free: the last retry of the past-due payment failed',
      before: { status: 'past_due', plan: { id: 'team' }, seats: 5 },
      after: { status: 'canceled', reason: 'payment_failed', planAfter: 'free' },
    });
    expect(only('payment_method.attached').map((e) => e.summary)).toEqual([
      'Added Visa ending 0341 as the default payment method',
      'Added Visa ending 4242 as the default payment method',
    ]);
    expect(one('invite.created').summary).toBe(`Invited ${run.manager.email} as Billing`);
  });

  it('pages with startingAfter, newest first, without repeating or skipping an entry', async () => {
    const seen: string[] = [];
    let startingAfter: string | undefined;
    for (let page = 0; page < 20; page += 1) {
      const query = `limit=7${startingAfter ? `&startingAfter=${startingAfter}` : ''}`;
      const response = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/activity?${query}`, { as: run.manager });
      expect(response.statusCode, response.body).toBe(200);
      const { data, hasMore } = response.json() as { data: Entry[]; hasMore: boolean };
      seen.push(...data.map((e) => e.id));
      if (!hasMore) break;
      expect(data).toHaveLength(7);
      startingAfter = data.at(-1)?.id;
    }
    expect(seen).toEqual(entries.map((e) => e.id));
  });

  it('is for billing managers: a plain member gets 403, another workspace’s people 404', async () => {
    const member = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/activity`, { as: run.member });
    expect(member.statusCode).toBe(403);
    expect(member.json().error.code).toBe('permission_denied');
    const stranger = await signUp(billfold, 'stranger');
    await createWorkspaceAs(billfold, stranger, 'Elsewhere');
    expect((await call(billfold, 'GET', `/v1/workspaces/${run.ws}/activity`, { as: stranger })).statusCode).toBe(404);
    expect((await call(billfold, 'GET', `/v1/workspaces/${run.ws}/activity`, { as: null })).statusCode).toBe(401);
  });

  it('names a role change that grants Billing, and the card made default, in words', async () => {
    const members = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/members?limit=100`, { as: run.owner });
    const plain = (members.json().data as { id: string; userId: string }[]).find((m) => m.userId === run.member.userId);
    const changed = await call(billfold, 'PATCH', `/v1/workspaces/${run.ws}/members/${plain?.id}`, {
      as: run.owner,
      body: { role: 'billing' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const cards = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/payment-methods`, { as: run.owner });
    const visa4242 = (cards.json().data as { id: string; last4: string }[]).find((c) => c.last4 === '4242');
    const made = await call(billfold, 'POST', `/v1/workspaces/${run.ws}/payment-methods/${visa4242?.id}/default`, {
      as: run.manager,
    });
    expect(made.statusCode, made.body).toBe(200);

    const latest = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/activity?limit=2`, { as: run.owner });
    expect(latest.json().data.map((e: Entry) => [e.action, e.actor.name, e.summary])).toEqual([
      ['payment_method.default_changed', run.manager.name, 'Made Visa ending 4242 the default payment method'],
      ['member.role_changed', run.owner.name, `Changed the role of ${run.member.name} from Member to Billing`],
    ]);
    expect(latest.json().data[1]).toMatchObject({ before: { role: 'member' }, after: { role: 'billing' } });
  });
});
