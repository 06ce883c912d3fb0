// A receiver that never answers times out (the 10 s timeout, shortened here) and holds no other endpoint back:
// the other endpoint's deliveries go out at once, in that run and in the next ones, while it hangs.
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { deliverDueWebhooks, finishWebhookDeliveries } from '../../../src/billing/webhooks/deliver-due-webhooks.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import { createWorkspaceAs, type SignedInUser, type TestBillfold } from '../../support/test-billfold.ts';
import { deliveriesOf, insertEndpoint, receiverPool, startDeliveryBillfold } from './delivery-fixtures.ts';

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

const timeoutMs = 6_000;

describe('a receiver that hangs', () => {
  it('times out, is retried on the schedule, and does not delay another endpoint', async () => {
    const hanging = await receivers.start(billfold, () => 'hang');
    const healthy = await receivers.start(billfold, () => 200);
    const ws = (await createWorkspaceAs(billfold, owner, 'Hanging Receiver Inc')).id;
    const stuck = await insertEndpoint(billfold, ws, hanging.url);
    const fine = await insertEndpoint(billfold, ws, healthy.url);
    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    await publishEvents(billfold.deps);

    const runStarted = Date.now();
    expect(await deliverDueWebhooks(billfold.deps, { timeoutMs })).toBe(2);
    const runTook = Date.now() - runStarted;
    // The run waited about a second (its patience) for the slow one, not for its timeout.
    expect(runTook).toBeLessThan(timeoutMs - 1_000);
    expect(healthy.received).toHaveLength(1);
    expect(hanging.received).toHaveLength(1);
    expect((await deliveriesOf(billfold, fine.id))[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    // Still waiting for an answer: not recorded yet.
    expect((await deliveriesOf(billfold, stuck.id))[0]).toMatchObject({ status: 'pending', attempts: 0 });

    // While it hangs, the next event reaches the healthy endpoint at once; the hanging one is not sent more.
    expect((await addCard(billfold, owner, ws, testCards.mastercard)).statusCode).toBe(201);
    await publishEvents(billfold.deps);
    await deliverDueWebhooks(billfold.deps, { timeoutMs });
    expect(healthy.received).toHaveLength(2);
    const healthyDoneAt = Date.now();
    expect(hanging.received).toHaveLength(1);
    expect(healthyDoneAt - runStarted).toBeLessThan(timeoutMs);

    await finishWebhookDeliveries(billfold.deps);
    expect(Date.now() - runStarted).toBeGreaterThanOrEqual(timeoutMs - 50);
    const [timedOut, waiting] = await deliveriesOf(billfold, stuck.id);
    expect(timedOut).toMatchObject({ status: 'pending', attempts: 1, response_status: null, response_body: null });
    expect(timedOut?.error).toMatch(/timeout/);
    expect(timedOut?.duration_ms).toBeGreaterThanOrEqual(timeoutMs - 50);
    const wait = (timedOut?.next_attempt_at?.getTime() ?? 0) - (timedOut?.last_attempt_at?.getTime() ?? 0);
    expect(wait).toBeGreaterThanOrEqual(4_500);
    expect(wait).toBeLessThanOrEqual(5_500);
    // The event it was not sent while busy is sent by the next run, now that nothing is in flight to it.
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0, last_attempt_at: null });
    await deliverDueWebhooks(billfold.deps, { timeoutMs: 200 });
    await finishWebhookDeliveries(billfold.deps);
    expect(hanging.received).toHaveLength(2);
    expect((await deliveriesOf(billfold, stuck.id))[1]).toMatchObject({ attempts: 1, status: 'pending' });
  }, 60_000);

  it('keeps the first 2 KB of a long answer and says when a receiver refuses the connection', async () => {
    const chatty = await receivers.start(billfold, () => ({ status: 503, body: 'x'.repeat(10_000) }));
    const ws = (await createWorkspaceAs(billfold, owner, 'Chatty Receiver Inc')).id;
    const talks = await insertEndpoint(billfold, ws, chatty.url);
    const closed = await receivers.start(billfold, () => 200);
    await closed.close();
    const refuses = await insertEndpoint(billfold, ws, closed.url);
    billfold.clock.advance(Temporal.Duration.from({ seconds: 1 }));
    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    await publishEvents(billfold.deps);
    expect(await deliverDueWebhooks(billfold.deps)).toBe(2);

    const [long] = await deliveriesOf(billfold, talks.id);
    expect(long).toMatchObject({ status: 'pending', attempts: 1, response_status: 503, error: null });
    expect(long?.response_body).toBe('x'.repeat(2048));
    const [refused] = await deliveriesOf(billfold, refuses.id);
    expect(refused).toMatchObject({
      status: 'pending',
      attempts: 1,
      response_status: null,
      error: 'Connection refused.',
    });
  });
});
