// Publishing the outbox: every event gets its workspace's next sequence number, gap-less and in the order the
// events were written, whichever process publishes; a subscriber that fails publishes nothing, losing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSubscriber, PublishedEvent } from '../../../src/billing/events/event-subscriber.ts';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => billfold.close());

/** Saves the billing details `times` times, each a billing_details.updated event. */
async function changeBillingDetails(workspaceId: string, times: number, label: string) {
  for (let i = 1; i <= times; i += 1) {
    const saved = await call(billfold, 'PUT', `/v1/workspaces/${workspaceId}/billing-details`, {
      as: owner,
      body: {
        legalName: `${label} ${i}`,
        email: 'ap@example.test',
        addressLine1: 'Friedrichstraße 1',
        city: 'Berlin',
        postalCode: '10117',
        country: 'DE',
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  }
}

async function eventsOf(workspaceId: string) {
  return billfold.database.db
    .selectFrom('outbox_event')
    .select(['id', 'type', 'sequence', 'published_at', 'data'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Collects what subscribers are handed, on top of the real subscribers. */
function recording(into: PublishedEvent[]): EventSubscriber[] {
  return [
    ...billfold.deps.eventSubscribers,
    async (_trx, _deps, events) => {
      into.push(...events);
    },
  ];
}

describe('publishing events', () => {
  it('numbers each workspace’s events 1, 2, 3… in the order they were written, and goes on from there', async () => {
    const first = await createWorkspaceAs(billfold, owner);
    const second = await createWorkspaceAs(billfold, owner);
    await changeBillingDetails(first.id, 3, 'First');
    await changeBillingDetails(second.id, 2, 'Second');
    const handed: PublishedEvent[] = [];
    const deps = { ...billfold.deps, eventSubscribers: recording(handed) };
    while ((await publishEvents(deps)) > 0);

    const firstEvents = await eventsOf(first.id);
    expect(firstEvents.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(firstEvents.every((e) => e.published_at !== null)).toBe(true);
    expect((await eventsOf(second.id)).map((e) => e.sequence)).toEqual([1, 2]);
    // Subscribers saw each event once, with the number it was given.
    const handedFirst = handed.filter((e) => e.workspaceId === first.id);
    expect(handedFirst.map((e) => [e.id, e.sequence])).toEqual(firstEvents.map((e) => [e.id, e.sequence]));
    expect(handedFirst[0]?.type).toBe('billing_details.updated');

    await changeBillingDetails(first.id, 2, 'Later');
    while ((await publishEvents(deps)) > 0);
    expect((await eventsOf(first.id)).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives no number twice and skips none when several processes publish at once', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    await changeBillingDetails(workspace.id, 12, 'Busy');
    const runs = await Promise.all([1, 2, 3].map(() => publishEvents(billfold.deps, 5)));
    while ((await publishEvents(billfold.deps, 5)) > 0);
    expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const numbers = (await eventsOf(workspace.id)).map((e) => e.sequence);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('publishes nothing when a subscriber fails, so the events are published by the next run', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    await changeBillingDetails(workspace.id, 2, 'Fragile');
    const failing: EventSubscriber = async () => {
      throw new Error('the subscriber’s database write failed');
    };
    await expect(
      publishEvents({ ...billfold.deps, eventSubscribers: [...billfold.deps.eventSubscribers, failing] }),
    ).rejects.toThrow('subscriber');
    expect((await eventsOf(workspace.id)).map((e) => e.sequence)).toEqual([null, null]);

    while ((await publishEvents(billfold.deps)) > 0);
    expect((await eventsOf(workspace.id)).map((e) => e.sequence)).toEqual([1, 2]);
  });
});
