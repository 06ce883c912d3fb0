// A real `billfold jobs run` killed (SIGKILL) while its webhook requests are in flight: no event is lost and a
// receiver that deduplicates by webhook-id acts on each once. Two processes share the database: Postgres only.
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { deliverDueWebhooks } from '../../../src/billing/webhooks/deliver-due-webhooks.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import { startCli } from '../../support/run-cli.ts';
import { createWorkspaceAs, type SignedInUser, type TestBillfold } from '../../support/test-billfold.ts';
import {
  deliveriesOf,
  insertEndpoint,
  type Receiver,
  startDeliveryBillfold,
  startReceiver,
  verified,
} from './delivery-fixtures.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);
let billfold: TestBillfold;
let owner: SignedInUser;
let receiver: Receiver | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  ({ billfold, owner } = await startDeliveryBillfold());
});

afterAll(async () => {
  await receiver?.close();
  await billfold?.close();
});

async function waitFor(condition: () => boolean, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!onPostgres)('a delivery process killed mid-run', () => {
  it('loses nothing: after its lease the next run delivers every event, each acted on once', async () => {
    let childRun = true;
    const actedOn = new Set<string>();
    receiver = await startReceiver(billfold, (n, request) => {
      // The child gets one answer, then its other requests hang until it is killed.
      if (childRun && n > 1) return 'hang';
      actedOn.add(String(request.headers['webhook-id']));
      return 200;
    });
    const ws = (await createWorkspaceAs(billfold, owner, 'Killed Process Inc')).id;
    const endpoint = await insertEndpoint(billfold, ws, receiver.url);
    for (const card of [testCards.succeeds, testCards.mastercard, testCards.succeeds, testCards.mastercard]) {
      expect((await addCard(billfold, owner, ws, card)).statusCode).toBe(201);
    }
    await publishEvents(billfold.deps);
    const eventIds = (await deliveriesOf(billfold, endpoint.id)).map((d) => d.event_id);
    expect(eventIds).toHaveLength(4);

    const child = startCli(['jobs', 'run'], {
      DATABASE_URL: billfold.database.databaseUrl ?? '',
      BILLFOLD_BASE_URL: 'http://localhost:3000',
      BILLFOLD_SECRET: 'test-secret-test-secret-test-secret-0123',
      BILLFOLD_LOG_LEVEL: 'silent',
      BILLFOLD_WEBHOOKS_ALLOW_PRIVATE: 'true',
    });
    try {
      await waitFor(() => receiver?.received.length === 4, 'the child to send the four requests', 60_000);
    } catch (error) {
      throw new Error(`${String(error)}; the child said: ${child.output()}`);
    } finally {
      child.child.kill('SIGKILL');
    }
    await child.exited;
    expect(actedOn.size).toBe(1);
    for (const delivery of await deliveriesOf(billfold, endpoint.id)) {
      expect(delivery).toMatchObject({ status: 'pending', attempts: 0 });
    }

    childRun = false;
    // The child leased on real time (60 s); this app's test clock moves past that lease.
    billfold.clock.advance(Temporal.Duration.from({ minutes: 2 }));
    expect(await deliverDueWebhooks(billfold.deps)).toBe(4);
    expect([...actedOn].sort()).toEqual([...eventIds].sort());
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(4);
    for (const request of receiver.received) verified(endpoint.secret, request);
    const deliveries = await deliveriesOf(billfold, endpoint.id);
    expect(deliveries.map((d) => d.status)).toEqual(Array(4).fill('succeeded'));
  }, 90_000);
});
