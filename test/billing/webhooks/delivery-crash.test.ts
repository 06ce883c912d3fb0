// A delivery run that dies part-way loses no event and, to a receiver that deduplicates by webhook-id, sends
// none twice: what it claimed stays leased, nothing of it is recorded, and once the lease has run out the next
// run sends it again under the same webhook-id.
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { deliverDueWebhooks } from '../../../src/billing/webhooks/deliver-due-webhooks.ts';
import { claimDueDeliveries } from '../../../src/billing/webhooks/webhook-deliveries.queries.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import { createWorkspaceAs, type SignedInUser, type TestBillfold } from '../../support/test-billfold.ts';
import {
  type Answer,
  deliveriesOf,
  insertEndpoint,
  receiverPool,
  startDeliveryBillfold,
  verified,
} from './delivery-fixtures.ts';

let billfold: TestBillfold;
let owner: SignedInUser;
const receivers = receiverPool();

beforeAll(async () => {
  ({ billfold, owner } = await startDeliveryBillfold());
});

afterAll(async () => {
  await receivers.closeAll();
  await billfold.close();
});

/** A receiver that acts on each webhook-id once (later copies are acknowledged, not acted on). */
async function deduplicatingReceiver(answer: Answer) {
  const actedOn = new Map<string, number>();
  const receiver = await receivers.start(billfold, (n, request) => {
    const status = answer(n, request);
    if (status !== 'hang') {
      const id = String(request.headers['webhook-id']);
      if (!actedOn.has(id)) actedOn.set(id, n);
    }
    return status;
  });
  return { receiver, actedOn };
}

/** A workspace with an endpoint at `url` and `cards` card events published. */
async function workspaceWithEvents(url: string, cards: number) {
  const ws = (await createWorkspaceAs(billfold, owner, 'Crashing Runs Inc')).id;
  const endpoint = await insertEndpoint(billfold, ws, url);
  for (let i = 0; i < cards; i++) {
    expect((await addCard(billfold, owner, ws, i % 2 ? testCards.mastercard : testCards.succeeds)).statusCode).toBe(
      201,
    );
  }
  await publishEvents(billfold.deps);
  const eventIds = (await deliveriesOf(billfold, endpoint.id)).map((d) => d.event_id);
  expect(eventIds).toHaveLength(cards);
  return { ws, endpoint, eventIds };
}

const advance = (duration: Temporal.DurationLike) => billfold.clock.advance(Temporal.Duration.from(duration));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a delivery run that dies', () => {
  it('after claiming: the deliveries wait out the lease, then go out once', async () => {
    const { receiver, actedOn } = await deduplicatingReceiver(() => 200);
    const { endpoint, eventIds } = await workspaceWithEvents(receiver.url, 3);

    // The run claims (the lease is written) and the process dies before sending anything.
    const now = new Date(billfold.clock.now().epochMilliseconds);
    const claimed = await claimDueDeliveries(billfold.deps.db, {
      now,
      leasedUntil: new Date(now.getTime() + 60_000),
      limit: 500,
      busyEndpointIds: [],
    });
    expect(claimed.map((d) => d.event.id).sort()).toEqual([...eventIds].sort());

    // Another run leaves leased deliveries alone.
    expect(await deliverDueWebhooks(billfold.deps)).toBe(0);
    advance({ seconds: 30 });
    expect(await deliverDueWebhooks(billfold.deps)).toBe(0);
    expect(receiver.received).toHaveLength(0);

    advance({ seconds: 31 });
    expect(await deliverDueWebhooks(billfold.deps)).toBe(3);
    expect([...actedOn.keys()].sort()).toEqual([...eventIds].sort());
    expect(receiver.received).toHaveLength(3);
    for (const delivery of await deliveriesOf(billfold, endpoint.id)) {
      expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, leased_until: null });
    }
  });

  it('mid-send, some answered and some not: after the lease each event is acted on exactly once', async () => {
    let firstRun = true;
    const { receiver, actedOn } = await deduplicatingReceiver((n) => (firstRun && n > 2 ? 'hang' : 200));
    const { endpoint, eventIds } = await workspaceWithEvents(receiver.url, 5);

    const crash = new AbortController();
    const run = deliverDueWebhooks(billfold.deps, { signal: crash.signal, patienceMs: 30_000 });
    await waitFor(() => receiver.received.length === 5, 'the five requests');
    // Two were answered 200, three are still waiting for their answer: the process dies now.
    crash.abort(new Error('the process died'));
    await expect(run).rejects.toThrow('the process died');
    expect(actedOn.size).toBe(2);
    for (const delivery of await deliveriesOf(billfold, endpoint.id)) {
      // Nothing of the dead run was recorded; its lease holds the deliveries.
      expect(delivery).toMatchObject({ status: 'pending', attempts: 0 });
      expect(delivery.leased_until).not.toBeNull();
    }
    firstRun = false;
    expect(await deliverDueWebhooks(billfold.deps)).toBe(0);

    advance({ seconds: 61 });
    expect(await deliverDueWebhooks(billfold.deps)).toBe(5);
    // Every event reached the receiver; the two it had acted on came again with the same webhook-id.
    expect([...actedOn.keys()].sort()).toEqual([...eventIds].sort());
    expect(receiver.received).toHaveLength(10);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(5);
    for (const request of receiver.received) verified(endpoint.secret, request);
    const deliveries = await deliveriesOf(billfold, endpoint.id);
    expect(deliveries.map((d) => d.status)).toEqual(Array(5).fill('succeeded'));
  });
});
