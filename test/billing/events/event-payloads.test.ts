// What the events of a Team subscription's whole life carry (test/support/billing-lifecycle.ts), once published:
// GET …/events lists them newest first with sequence numbers 1…N without a gap, and each event's data.object is the
// resource as the API answered it at that moment (an invoice as GET …/invoices/:inv, the subscription as GET
// …/billing shows it), with the changed fields' old values in data.previous.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { type LifecycleRun, runBillingLifecycle } from '../../support/billing-lifecycle.ts';
import { call, startTestBillfold, type TestBillfold } from '../../support/test-billfold.ts';

interface Event {
  id: string;
  type: string;
  createdAt: string;
  workspaceId: string;
  sequence: number;
  data: { object: Record<string, unknown>; previous?: Record<string, unknown> };
}

let billfold: TestBillfold;
let run: LifecycleRun;
let events: Event[];

async function listAll(query = ''): Promise<Event[]> {
  const all: Event[] = [];
  let startingAfter: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const params = `limit=10${query}${startingAfter ? `&startingAfter=${startingAfter}` : ''}`;
    const response = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/events?${params}`, { as: run.owner });
    expect(response.statusCode, response.body).toBe(200);
    const { data, hasMore } = response.json() as { data: Event[]; hasMore: boolean };
    all.push(...data);
    if (!hasMore) return all;
    startingAfter = data.at(-1)?.id;
  }
  throw new Error('more pages than expected');
}

beforeAll(async () => {
  billfold = await startTestBillfold();
  run = await runBillingLifecycle(billfold);
  // Published without subscribers: this file is about what the events carry, not who reacts to them.
  const deps = { ...billfold.deps, eventSubscribers: [] };
  while ((await publishEvents(deps)) > 0) {}
  events = await listAll();
}, 120_000);
afterAll(async () => {
  await billfold.close();
});

const ofType = (type: string) => events.filter((e) => e.type === type).reverse(); // oldest first

describe('the events of a subscription from first charge to Free', () => {
  it('are listed newest first, numbered 1…N without a gap, in the order things happened', () => {
    expect(events.length).toBeGreaterThan(20);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => events.length - i));
    expect(new Set(events.map((e) => e.workspaceId))).toEqual(new Set([run.ws]));
    const subscriptionTypes = events
      .map((e) => e.type)
      .filter((t) => t.startsWith('subscription.') || t === 'seats.updated')
      .reverse();
    expect(subscriptionTypes).toEqual([
      'subscription.created',
      'seats.updated',
      'subscription.updated', // canceled at the period end
      'subscription.updated', // resumed
      'subscription.updated', // renewed on Apr 1
      'subscription.updated', // renewed on May 1
      'subscription.updated', // past due
      'subscription.canceled',
    ]);
  });

  it('carry each invoice as GET …/invoices/:inv answered it then', async () => {
    const paid = ofType('invoice.paid');
    expect(paid.map((e) => [e.data.object.number, e.data.object.total, e.data.object.status])).toEqual([
      ['BF-000001', 3600, 'paid'],
      ['BF-000002', 1200, 'paid'],
      ['BF-000003', 6000, 'paid'],
    ]);
    // The first invoice as it was read right after subscribing, and (a paid invoice does not change) as it is now.
    expect(paid[0]?.data.object).toEqual(run.seen.firstInvoice);
    for (const event of paid) {
      const now = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/invoices/${event.data.object.id}`, {
        as: run.owner,
      });
      expect(event.data.object).toEqual(now.json());
      expect(event.data.previous).toMatchObject({ status: 'open', paidAt: null });
    }
    // The failed May renewal: the first invoice.payment_failed is what GET answered right after that charge.
    const failed = ofType('invoice.payment_failed');
    expect(failed).toHaveLength(5);
    expect(failed[0]?.data.object).toEqual(run.seen.failedRenewalInvoice);
    expect(failed[0]?.data.object).toMatchObject({
      number: 'BF-000004',
      total: 6000,
      status: 'open',
      payment: { status: 'failed', failureMessage: 'Your card was declined.' },
    });
    expect(ofType('invoice.marked_uncollectible').map((e) => [e.data.object.number, e.data.object.status])).toEqual([
      ['BF-000004', 'uncollectible'],
    ]);
    expect(ofType('invoice.marked_uncollectible')[0]?.data.previous).toEqual({ status: 'open' });
    expect(ofType('invoice.finalized').map((e) => e.data.object.number)).toEqual([
      'BF-000001',
      'BF-000002',
      'BF-000003',
      'BF-000004',
    ]);
    expect(ofType('invoice.finalized')[0]?.data.previous).toMatchObject({ status: 'draft', number: null });
  });

  it('carry the subscription as GET …/billing showed it, with the changed fields as previous', () => {
    const [seats] = ofType('seats.updated');
    expect(seats?.data.object).toEqual(run.seen.subscriptionAfterSeats);
    expect(seats?.data.object.seats).toBe(5);
    expect(seats?.data.previous).toEqual({ seats: 3 });

    const [created] = ofType('subscription.created');
    expect(created?.data.object).toMatchObject({ status: 'active', plan: { id: 'team' }, seats: 3 });
    expect(created?.data.previous).toBeUndefined();

    const [canceled, resumed, aprilRenewal, mayRenewal, pastDue] = ofType('subscription.updated');
    expect(canceled?.data.object).toMatchObject({ cancelAtPeriodEnd: true, activeUntil: '2027-04-01T00:00:00.000Z' });
    expect(canceled?.data.previous).toEqual({ cancelAtPeriodEnd: false, activeUntil: null });
    expect(resumed?.data.previous).toEqual({ cancelAtPeriodEnd: true, activeUntil: '2027-04-01T00:00:00.000Z' });
    expect(aprilRenewal?.data.object).toMatchObject({
      currentPeriodStart: '2027-04-01T00:00:00.000Z',
      currentPeriodEnd: '2027-05-01T00:00:00.000Z',
    });
    expect(aprilRenewal?.data.previous).toEqual({
      currentPeriodStart: '2027-03-01T00:00:00.000Z',
      currentPeriodEnd: '2027-04-01T00:00:00.000Z',
    });
    expect(mayRenewal?.data.previous).toMatchObject({ currentPeriodEnd: '2027-05-01T00:00:00.000Z' });
    expect(pastDue?.data.object).toMatchObject({
      status: 'past_due',
      pastDue: { number: 'BF-000004', amount: 6000, nextRetryAt: '2027-05-02T00:00:00.000Z' },
    });
    expect(pastDue?.data.previous).toEqual({ status: 'active', pastDue: null });

    const [ended] = ofType('subscription.canceled');
    expect(ended?.data.object).toMatchObject({ status: 'canceled', pastDue: null });
    expect(ended?.data.previous).toMatchObject({ status: 'past_due', pastDue: { number: 'BF-000004' } });
  });

  it('carry the card as GET …/payment-methods lists it', async () => {
    const attached = ofType('payment_method.attached');
    expect(attached.map((e) => [e.data.object.last4, e.data.object.isDefault])).toEqual([
      ['4242', true],
      ['0341', true],
    ]);
    const cards = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/payment-methods`, { as: run.owner });
    const failing = (cards.json().data as { last4: string }[]).find((c) => c.last4 === '0341');
    expect(attached[1]?.data.object).toEqual(failing);
  });

  it('can be listed by type, and only by billing managers of the workspace', async () => {
    const paid = await listAll('&type=invoice.paid');
    expect(paid.map((e) => e.id)).toEqual(
      ofType('invoice.paid')
        .map((e) => e.id)
        .reverse(),
    );
    const member = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/events`, { as: run.member });
    expect(member.statusCode).toBe(403);
    const manager = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/events?limit=1`, { as: run.manager });
    expect(manager.json().data[0]?.sequence).toBe(events.length);
    const unknown = await call(billfold, 'GET', `/v1/workspaces/${run.ws}/events?type=invoice.nope`, {
      as: run.owner,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.param).toBe('type');
  });

  it('lists no event before it is published', async () => {
    const saved = await call(billfold, 'PUT', `/v1/workspaces/${run.ws}/billing-details`, {
      as: run.owner,
      body: {
        legalName: 'Lifecycle Ltd',
        email: 'billing@lifecycle.example',
        addressLine1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await listAll()).length).toBe(events.length);
    await publishEvents({ ...billfold.deps, eventSubscribers: [] });
    const [latest] = await listAll();
    expect(latest).toMatchObject({ type: 'billing_details.updated', sequence: events.length + 1 });
    expect(latest?.data.object).toEqual(saved.json());
    expect(latest?.data.previous).toMatchObject({ legalName: null, updatedAt: null });
  });
});
