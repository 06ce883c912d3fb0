// Retries: a receiver that answers 500 three times gets the event once more per the schedule (5 s, 5 min,
// 30 min …) and then exactly one success; one that never accepts it (here a 404) is retried for the whole
// schedule, then the delivery has failed, the endpoint is failing and its billing managers get an email.
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { deliverDueWebhooks } from '../../../src/billing/webhooks/deliver-due-webhooks.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import { createWorkspaceAs, type SignedInUser, type TestBillfold } from '../../support/test-billfold.ts';
import { deliveriesOf, insertEndpoint, receiverPool, startDeliveryBillfold, verified } from './delivery-fixtures.ts';

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

const advance = (duration: Temporal.DurationLike) => billfold.clock.advance(Temporal.Duration.from(duration));

function expectWait(from: Date | null, to: Date | null, nominalMs: number) {
  expect(from).not.toBeNull();
  expect(to).not.toBeNull();
  const wait = (to?.getTime() ?? 0) - (from?.getTime() ?? 0);
  expect(wait).toBeGreaterThanOrEqual(nominalMs * 0.9 - 1);
  expect(wait).toBeLessThanOrEqual(nominalMs * 1.1 + 1);
}

describe('webhook retries', () => {
  it('delivers after three 500 answers as exactly one success, retrying 5 s, 5 min and 30 min later', async () => {
    const receiver = await receivers.start(billfold, (n) => (n <= 3 ? 500 : 200));
    const ws = (await createWorkspaceAs(billfold, owner, 'Flaky Receiver Inc')).id;
    const endpoint = await insertEndpoint(billfold, ws, receiver.url);
    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    await publishEvents(billfold.deps);

    const waits = [5_000, 5 * 60_000, 30 * 60_000];
    for (const [i, nominal] of waits.entries()) {
      expect(await deliverDueWebhooks(billfold.deps)).toBe(1);
      const [delivery] = await deliveriesOf(billfold, endpoint.id);
      expect(delivery).toMatchObject({
        status: 'pending',
        attempts: i + 1,
        response_status: 500,
        response_body: 'no: 500',
      });
      expectWait(delivery?.last_attempt_at ?? null, delivery?.next_attempt_at ?? null, nominal);
      // Not before it is due: a run just short of the retry sends nothing.
      advance({ milliseconds: nominal * 0.9 - 50 });
      expect(await deliverDueWebhooks(billfold.deps)).toBe(0);
      expect(receiver.received).toHaveLength(i + 1);
      advance({ milliseconds: nominal * 0.2 + 100 });
    }
    expect(await deliverDueWebhooks(billfold.deps)).toBe(1);

    const [delivery] = await deliveriesOf(billfold, endpoint.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 4, response_status: 200, next_attempt_at: null });
    expect(receiver.received).toHaveLength(4);
    // One event, four attempts, the same webhook-id each time; each verifies.
    const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const request of receiver.received) expect(verified(endpoint.secret, request)).toMatchObject({ sequence: 1 });

    // Done: no later run sends it again.
    advance({ hours: 30 });
    expect(await deliverDueWebhooks(billfold.deps)).toBe(0);
    expect(receiver.received).toHaveLength(4);
  });

  it('retries a 404 for the whole schedule, then fails it, marks the endpoint failing once and emails', async () => {
    let accepting = false;
    const receiver = await receivers.start(billfold, () => (accepting ? 204 : 404));
    const ws = (await createWorkspaceAs(billfold, owner, 'Gone Receiver Inc')).id;
    const endpoint = await insertEndpoint(billfold, ws, receiver.url);
    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    expect((await addCard(billfold, owner, ws, testCards.mastercard)).statusCode).toBe(201);
    await publishEvents(billfold.deps);
    const endpointRow = () =>
      billfold.deps.db
        .selectFrom('webhook_endpoint')
        .selectAll()
        .where('id', '=', endpoint.id)
        .executeTakeFirstOrThrow();
    const failingEmails = () =>
      billfold.deps.db
        .selectFrom('email_message')
        .select(['to_addresses', 'subject', 'text'])
        .where('workspace_id', '=', ws)
        .where('kind', '=', 'endpoint_failing')
        .execute();

    for (let attempt = 1; attempt <= 8; attempt++) {
      expect(await deliverDueWebhooks(billfold.deps)).toBe(2);
      const deliveries = await deliveriesOf(billfold, endpoint.id);
      for (const delivery of deliveries) {
        expect(delivery).toMatchObject({ attempts: attempt, response_status: 404 });
        expect(delivery.status).toBe(attempt < 8 ? 'pending' : 'failed');
      }
      if (attempt < 8) expect((await endpointRow()).failing_since).toBeNull();
      advance({ hours: 11 });
    }
    const failing = await endpointRow();
    expect(failing.failing_since).not.toBeNull();
    expect(receiver.received).toHaveLength(16);
    const totalHours =
      ((receiver.received.at(-1)?.receivedAtMs ?? 0) - (receiver.received[0]?.receivedAtMs ?? 0)) / 3_600_000;
    expect(totalHours).toBeGreaterThanOrEqual(24);
    // Both deliveries failed in the same run: one email, one failing mark.
    const emails = await failingEmails();
    expect(emails).toHaveLength(1);
    expect(emails[0]?.to_addresses).toEqual([owner.email]);
    expect(emails[0]?.text).toContain(receiver.url);

    // Failed deliveries are not retried any more.
    advance({ hours: 30 });
    expect(await deliverDueWebhooks(billfold.deps)).toBe(0);

    // The receiver is fixed: the next event is delivered and the endpoint is no longer failing.
    accepting = true;
    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    await publishEvents(billfold.deps);
    expect(await deliverDueWebhooks(billfold.deps)).toBe(1);
    expect((await endpointRow()).failing_since).toBeNull();
    expect(await failingEmails()).toHaveLength(1);
  });
});
