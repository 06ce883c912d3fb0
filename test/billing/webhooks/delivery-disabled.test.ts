// A disabled endpoint's waiting deliveries wait without a retry time (the log shows none, and the delivery runs do
// not pass over them again and again); enabled again, they are due at once and delivered.
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { deliverDueWebhooks } from '../../../src/billing/webhooks/deliver-due-webhooks.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import { call, createWorkspaceAs, type SignedInUser, type TestBillfold } from '../../support/test-billfold.ts';
import { receiverPool, startDeliveryBillfold } from './delivery-fixtures.ts';

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

describe('a disabled endpoint', () => {
  it('keeps its waiting deliveries without a retry time, and sends them at once when enabled again', async () => {
    const receiver = await receivers.start(billfold, (n) => (n === 1 ? 503 : 200));
    const ws = (await createWorkspaceAs(billfold, owner, 'Paused Receiver Inc')).id;
    const created = await call(billfold, 'POST', `/v1/workspaces/${ws}/webhook-endpoints`, {
      as: owner,
      body: { url: receiver.url },
    });
    expect(created.statusCode).toBe(201);
    const endpoint = `/v1/workspaces/${ws}/webhook-endpoints/${created.json().id}`;
    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    await publishEvents(billfold.deps);
    expect(await deliverDueWebhooks(billfold.deps)).toBe(1);
    const log = async () => (await call(billfold, 'GET', `${endpoint}/deliveries`, { as: owner })).json().data;
    expect((await log())[0]).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 503 });
    expect((await log())[0].nextAttemptAt).not.toBeNull();

    expect((await call(billfold, 'PATCH', endpoint, { as: owner, body: { enabled: false } })).statusCode).toBe(200);
    expect((await log())[0]).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: null });
    billfold.clock.advance(Temporal.Duration.from({ hours: 1 }));
    expect(await deliverDueWebhooks(billfold.deps)).toBe(0);
    expect(receiver.received).toHaveLength(1);

    expect((await call(billfold, 'PATCH', endpoint, { as: owner, body: { enabled: true } })).statusCode).toBe(200);
    const due = (await log())[0];
    expect(new Date(due.nextAttemptAt).getTime()).toBeLessThanOrEqual(billfold.clock.now().epochMilliseconds);
    expect(await deliverDueWebhooks(billfold.deps)).toBe(1);
    expect(receiver.received).toHaveLength(2);
    expect((await log())[0]).toMatchObject({ status: 'succeeded', attempts: 2, responseStatus: 200 });
  });
});
