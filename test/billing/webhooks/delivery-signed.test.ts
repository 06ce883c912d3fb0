// Webhook deliveries of a real change (a card added through the API): every one verifies with the official
// standardwebhooks package and carries the payload; only the endpoints that listen get one; a rotated secret
// signs beside the new one until it expires.
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { deliverDueWebhooks } from '../../../src/billing/webhooks/deliver-due-webhooks.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import { createWorkspaceAs, type SignedInUser, type TestBillfold } from '../../support/test-billfold.ts';
import {
  deliveriesOf,
  insertEndpoint,
  newSecret,
  type Receiver,
  startDeliveryBillfold,
  startReceiver,
  verified,
} from './delivery-fixtures.ts';

let billfold: TestBillfold;
let receiver: Receiver;
let owner: SignedInUser;

beforeAll(async () => {
  ({ billfold, owner } = await startDeliveryBillfold());
  receiver = await startReceiver(billfold);
});

afterAll(async () => {
  await receiver.close();
  await billfold.close();
});

async function publishAndDeliver() {
  await publishEvents(billfold.deps);
  await deliverDueWebhooks(billfold.deps);
}

const sentTo = (tag: string, from: number) => receiver.received.slice(from).filter((r) => r.path.endsWith(`?${tag}`));

describe('webhook delivery of a card added', () => {
  it('sends each listening endpoint one signed delivery that standardwebhooks accepts, carrying the payload', async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'Signed Inc')).id;
    const all = await insertEndpoint(billfold, ws, `${receiver.url}?all`);
    const cards = await insertEndpoint(billfold, ws, `${receiver.url}?cards`, {
      eventTypes: ['payment_method.attached', 'invoice.paid'],
    });
    const invoices = await insertEndpoint(billfold, ws, `${receiver.url}?invoices`, { eventTypes: ['invoice.paid'] });
    const disabled = await insertEndpoint(billfold, ws, `${receiver.url}?disabled`, { enabled: false });
    const deleted = await insertEndpoint(billfold, ws, `${receiver.url}?deleted`, { deleted: true });
    const otherWs = (await createWorkspaceAs(billfold, owner, 'Elsewhere')).id;
    await insertEndpoint(billfold, otherWs, `${receiver.url}?elsewhere`);

    const from = receiver.received.length;
    const added = await addCard(billfold, owner, ws, testCards.succeeds);
    expect(added.statusCode).toBe(201);
    await publishAndDeliver();

    for (const quiet of ['invoices', 'disabled', 'deleted', 'elsewhere']) expect(sentTo(quiet, from)).toEqual([]);
    for (const quiet of [invoices, disabled, deleted]) expect(await deliveriesOf(billfold, quiet.id)).toEqual([]);

    for (const [tag, endpoint] of [
      ['all', all],
      ['cards', cards],
    ] as const) {
      const requests = sentTo(tag, from);
      expect(requests).toHaveLength(1);
      const request = requests[0];
      if (!request) continue;
      expect(request.headers['content-type']).toBe('application/json');
      const payload = verified(endpoint.secret, request) as Record<string, unknown>;
      expect(Object.keys(payload).sort()).toEqual(['createdAt', 'data', 'id', 'sequence', 'type', 'workspaceId']);
      expect(payload).toMatchObject({
        type: 'payment_method.attached',
        workspaceId: ws,
        sequence: 1,
        data: { object: { id: added.json().id, brand: 'visa', last4: '4242' } },
      });
      expect(payload.id).toMatch(/^evt_/);
      expect(request.headers['webhook-id']).toBe(payload.id);
      expect(new Date(payload.createdAt as string).toISOString()).toBe(payload.createdAt);
      expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(1);
      // A verifier with another endpoint's secret refuses it.
      const other = endpoint === all ? cards : all;
      expect(() => verified(other.secret, request)).toThrow();

      const [logged] = await deliveriesOf(billfold, endpoint.id);
      expect(logged).toMatchObject({ status: 'succeeded', attempts: 1, response_status: 200, response_body: 'ok' });
      expect(logged?.error).toBeNull();
      expect(logged?.next_attempt_at).toBeNull();
      expect(logged?.leased_until).toBeNull();
      expect(logged?.duration_ms).toBeGreaterThanOrEqual(0);
    }
    // Nothing is sent twice by a later run.
    await publishAndDeliver();
    expect(sentTo('all', from)).toHaveLength(1);
  });

  it('numbers a workspace’s events 1, 2, 3 without a gap and delivers each once', async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'Ordered Inc')).id;
    const endpoint = await insertEndpoint(billfold, ws, `${receiver.url}?ordered`);
    for (const card of [testCards.succeeds, testCards.mastercard, testCards.succeeds]) {
      expect((await addCard(billfold, owner, ws, card)).statusCode).toBe(201);
    }
    const from = receiver.received.length;
    await publishAndDeliver();
    const payloads = sentTo('ordered', from).map((r) => verified(endpoint.secret, r) as { sequence: number });
    expect(payloads.map((p) => p.sequence).sort()).toEqual([1, 2, 3]);
    expect((await deliveriesOf(billfold, endpoint.id)).map((d) => d.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
  });

  it('signs with the new and the previous secret while the previous one is valid, and with the new one after', async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'Rotated Inc')).id;
    const previous = newSecret();
    const endpoint = await insertEndpoint(billfold, ws, `${receiver.url}?rotated`, {
      previousSecret: previous,
      previousSecretExpiresAt: new Date(billfold.clock.now().add({ hours: 24 }).epochMilliseconds),
    });
    const from = receiver.received.length;
    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    await publishAndDeliver();
    const [during] = sentTo('rotated', from);
    expect(during).toBeDefined();
    if (!during) return;
    const signatures = String(during.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    for (const signature of signatures) expect(signature).toMatch(/^v1,/);
    expect(verified(endpoint.secret, during)).toMatchObject({ type: 'payment_method.attached' });
    expect(verified(previous, during)).toMatchObject({ type: 'payment_method.attached' });

    billfold.clock.advance(Temporal.Duration.from({ hours: 25 }));
    expect((await addCard(billfold, owner, ws, testCards.mastercard)).statusCode).toBe(201);
    await publishAndDeliver();
    const after = sentTo('rotated', from)[1];
    expect(after).toBeDefined();
    if (!after) return;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verified(endpoint.secret, after)).toMatchObject({ sequence: 2 });
    expect(() => verified(previous, after)).toThrow();
  });
});
