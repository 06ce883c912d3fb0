// Managing webhook endpoints through /v1 (issue 14): the secret is shown once and stored only sealed, a rotation
// keeps the old secret for 24 hours, endpoints are disabled, enabled and deleted, bad input and private addresses
// are refused without changing anything, only billing managers may (never an API key), a test event reaches the
// one endpoint tested (and the delivery run sends it, signed with the secret shown), and a replay is a new
// delivery of the same event, with the same webhook-id.
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../src/billing/events/publish-events.ts';
import { deliverDueWebhooks, finishWebhookDeliveries } from '../../src/billing/webhooks/deliver-due-webhooks.ts';
import type { Billfold } from '../../src/server.ts';
import { startReceiver, verified } from '../billing/webhooks/delivery-fixtures.ts';
import {
  addMember,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

/** The deployment's default: endpoints must be https and public. */
let strict: TestBillfold;
/** The same database, with BILLFOLD_WEBHOOKS_ALLOW_PRIVATE=true as the demo and most tests run. */
let billfold: Billfold;
let owner: SignedInUser;
let ws: { id: string; slug: string };

const localUrl = 'http://127.0.0.1:4010/hooks';
const endpointsPath = () => `/v1/workspaces/${ws.id}/webhook-endpoints`;

beforeAll(async () => {
  strict = await startTestBillfold();
  billfold = await strict.withSettings({ BILLFOLD_WEBHOOKS_ALLOW_PRIVATE: 'true' });
  owner = await signUp(billfold, 'owner');
  ws = await createWorkspaceAs(billfold, owner, 'Hooks');
}, 60_000);
afterAll(() => strict.close());

async function createEndpoint(body: Record<string, unknown> = {}, as: SignedInUser = owner, workspace = ws) {
  const response = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/webhook-endpoints`, {
    as,
    body: { url: localUrl, ...body },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; secret: string; [field: string]: unknown };
}

async function endpointRow(id: string) {
  return strict.deps.db.selectFrom('webhook_endpoint').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function auditOf(targetId: string) {
  return strict.deps.db
    .selectFrom('audit_log')
    .select(['action', 'actor_type', 'actor_id', 'before', 'after'])
    .where('target_id', '=', targetId)
    .orderBy('id')
    .execute();
}

const nowPlus = (duration: Temporal.DurationLike = { seconds: 0 }) =>
  new Date(strict.clock.now().add(Temporal.Duration.from(duration)).epochMilliseconds).toISOString();

// First in the file: the delivery run sends every due delivery of the database, and none other is due yet.
describe('what the delivery run makes of these routes', () => {
  it('sends the test event signed with the secret shown at creation; a replay after a rotation carries the same webhook-id and verifies with either secret', async () => {
    const receiver = await startReceiver(strict);
    try {
      const created = await createEndpoint({ url: receiver.url, eventTypes: ['invoice.paid'] });
      const path = `${endpointsPath()}/${created.id}`;
      const tested = (await call(billfold, 'POST', `${path}/test`, { as: owner })).json();
      await deliverDueWebhooks(billfold.deps);
      await finishWebhookDeliveries(billfold.deps);
      expect(receiver.received).toHaveLength(1);
      const [first] = receiver.received;
      if (!first) throw new Error('nothing was received');
      expect(first.headers['webhook-id']).toBe(tested.eventId);
      expect(verified(created.secret, first)).toMatchObject({
        id: tested.eventId,
        type: 'webhook_endpoint.test',
        workspaceId: ws.id,
        sequence: null,
        data: { object: { id: created.id, url: receiver.url } },
      });
      const log = await call(billfold, 'GET', `${path}/deliveries`, { as: owner });
      expect(log.json().data).toMatchObject([
        { id: tested.id, status: 'succeeded', responseStatus: 200, attempts: 1, nextAttemptAt: null },
      ]);

      const rotated = (await call(billfold, 'POST', `${path}/rotate-secret`, { as: owner })).json();
      const replay = await call(billfold, 'POST', `${path}/deliveries/${tested.id}/replay`, { as: owner });
      expect(replay.statusCode, replay.body).toBe(201);
      await deliverDueWebhooks(billfold.deps);
      await finishWebhookDeliveries(billfold.deps);
      expect(receiver.received).toHaveLength(2);
      const [, again] = receiver.received;
      if (!again) throw new Error('the replay was not received');
      expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
      expect(verified(rotated.secret, again)).toMatchObject({ id: tested.eventId });
      expect(verified(created.secret, again)).toMatchObject({ id: tested.eventId });
      const replayLog = await call(billfold, 'GET', `${path}/deliveries`, { as: owner });
      expect(replayLog.json().data[0]).toMatchObject({ replayOf: tested.id, status: 'succeeded' });
    } finally {
      await receiver.close();
    }
  });
});

describe('creating an endpoint', () => {
  it('answers the secret once; the list, the endpoint and the table never hold it in the clear', async () => {
    const created = await createEndpoint({
      eventTypes: ['subscription.updated', 'invoice.paid', 'invoice.paid'],
      description: '  Billing sync  ',
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^we_/),
      url: localUrl,
      description: 'Billing sync',
      // In the documented order, without repeats.
      eventTypes: ['invoice.paid', 'subscription.updated'],
      enabled: true,
      status: 'enabled',
      failingSince: null,
      createdAt: nowPlus(),
      updatedAt: nowPlus(),
      secretRotatedUntil: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+={0,2}$/),
    });
    const key = Buffer.from(created.secret.slice('whsec_'.length), 'base64');
    expect(key.length).toBeGreaterThanOrEqual(24);
    expect(key.length).toBeLessThanOrEqual(32);

    const listed = await call(billfold, 'GET', endpointsPath(), { as: owner });
    expect(listed.statusCode).toBe(200);
    const { secret, ...view } = created;
    expect(listed.json().data).toContainEqual(view);
    expect(listed.body).not.toContain(secret);
    const one = await call(billfold, 'GET', `${endpointsPath()}/${created.id}`, { as: owner });
    expect(one.json()).toEqual(view);

    const row = await endpointRow(created.id);
    const base64Part = secret.slice('whsec_'.length);
    expect(JSON.stringify(row)).not.toContain(base64Part);
    // Sealed with the deployment secret: the delivery run can open it, a dump alone cannot.
    expect(strict.deps.webhooks.secrets.open(row.secret_sealed)).toBe(secret);
    const kept = await strict.deps.db.selectFrom('idempotency_record').selectAll().execute();
    expect(JSON.stringify(kept)).not.toContain(base64Part);

    const audit = await auditOf(created.id);
    expect(audit).toEqual([
      {
        action: 'webhook_endpoint.created',
        actor_type: 'user',
        actor_id: owner.userId,
        before: null,
        after: {
          url: localUrl,
          description: 'Billing sync',
          eventTypes: ['invoice.paid', 'subscription.updated'],
          enabled: true,
        },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain(base64Part);
  });

  it('subscribes to every event type when none are named', async () => {
    const created = await createEndpoint();
    expect(created.eventTypes).toEqual([]);
    const types = await call(billfold, 'GET', '/v1/webhook-event-types', { as: owner });
    expect(types.statusCode).toBe(200);
    const names = types.json().data.map((t: { type: string }) => t.type);
    expect(names).toEqual(expect.arrayContaining(['invoice.paid', 'subscription.updated', 'credits.low_balance']));
    expect(names).not.toContain('webhook_endpoint.test');
    expect(types.json().data[0].description).toEqual(expect.any(String));
  });

  it('replays the first answer for a retried create with the same Idempotency-Key: one endpoint, not two', async () => {
    const before = await call(billfold, 'GET', `${endpointsPath()}?limit=100`, { as: owner });
    const send = () =>
      call(billfold, 'POST', endpointsPath(), {
        as: owner,
        idempotencyKey: 'add-endpoint-once',
        body: { url: 'http://127.0.0.1:4010/once' },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const after = await call(billfold, 'GET', `${endpointsPath()}?limit=100`, { as: owner });
    expect(after.json().data).toHaveLength(before.json().data.length + 1);
    const rows = await strict.deps.db
      .selectFrom('webhook_endpoint')
      .select('id')
      .where('url', '=', 'http://127.0.0.1:4010/once')
      .execute();
    expect(rows).toEqual([{ id: first.json().id }]);
  });

  it('allows at most 16 endpoints per workspace, saying so, and adds none beyond', async () => {
    const crowded = await createWorkspaceAs(billfold, owner, 'Crowded');
    for (let i = 0; i < 16; i++) await createEndpoint({ url: `http://127.0.0.1:4010/n${i}` }, owner, crowded);
    const refused = await call(billfold, 'POST', `/v1/workspaces/${crowded.id}/webhook-endpoints`, {
      as: owner,
      body: { url: 'http://127.0.0.1:4010/seventeenth' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ type: 'conflict', code: 'webhook_endpoint_conflict' });
    expect(refused.json().error.message).toContain('at most 16 webhook endpoints');
    const listed = await call(billfold, 'GET', `/v1/workspaces/${crowded.id}/webhook-endpoints?limit=100`, {
      as: owner,
    });
    expect(listed.json().data).toHaveLength(16);

    // Deleting one makes room again.
    const first = listed.json().data[0].id;
    expect(
      (await call(billfold, 'DELETE', `/v1/workspaces/${crowded.id}/webhook-endpoints/${first}`, { as: owner }))
        .statusCode,
    ).toBe(200);
    await createEndpoint({ url: 'http://127.0.0.1:4010/after-delete' }, owner, crowded);
  });
});

describe('refused input changes nothing', () => {
  async function snapshot() {
    const db = strict.deps.db;
    return {
      endpoints: await db.selectFrom('webhook_endpoint').selectAll().orderBy('id').execute(),
      audit: await db.selectFrom('audit_log').select('id').where('workspace_id', '=', ws.id).execute(),
    };
  }

  it.each<[string, Record<string, unknown>, string]>([
    ['a URL that is no URL', { url: 'not a url' }, 'url'],
    ['a URL that is not http(s)', { url: 'ftp://127.0.0.1/hooks' }, 'url'],
    ['a URL with a password', { url: 'http://user:pw@127.0.0.1/hooks' }, 'url'],
    ['a URL of 2,049 characters', { url: `http://127.0.0.1/${'a'.repeat(2049 - 'http://127.0.0.1/'.length)}` }, 'url'],
    ['no URL', { url: undefined }, 'url'],
    ['an unknown event type', { eventTypes: ['invoice.paid', 'invoice.paied'] }, 'eventTypes'],
    ['the test event type', { eventTypes: ['webhook_endpoint.test'] }, 'eventTypes'],
    ['event types that are not a list', { eventTypes: 'invoice.paid' }, 'eventTypes'],
    ['a description of 501 characters', { description: 'd'.repeat(501) }, 'description'],
    ['an unknown field', { secret: 'whsec_mine' }, 'secret'],
  ])('refuses creating with %s: 400 naming %s', async (_label, body, param) => {
    const before = await snapshot();
    const response = await call(billfold, 'POST', endpointsPath(), { as: owner, body: { url: localUrl, ...body } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', param });
    expect(await snapshot()).toEqual(before);
  });

  it('names the unknown event type and the known ones', async () => {
    const response = await call(billfold, 'POST', endpointsPath(), {
      as: owner,
      body: { url: localUrl, eventTypes: ['invoice.paied'] },
    });
    expect(response.json().error.message).toContain('"invoice.paied"');
    expect(response.json().error.message).toContain('invoice.paid');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a URL that is no URL', { url: 'nope' }, 'url'],
    ['a URL of 2,049 characters', { url: `http://127.0.0.1/${'a'.repeat(2049 - 'http://127.0.0.1/'.length)}` }, 'url'],
    ['an unknown event type', { eventTypes: ['seats.changed'] }, 'eventTypes'],
    ['enabled as text', { enabled: 'no' }, 'enabled'],
  ])('refuses changing an endpoint with %s: 400 naming %s', async (_label, body, param) => {
    const { id } = await createEndpoint();
    const before = await snapshot();
    const response = await call(billfold, 'PATCH', `${endpointsPath()}/${id}`, { as: owner, body });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.param).toBe(param);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['loopback', 'https://127.0.0.1/hooks'],
    ['plain http', 'http://93.184.215.14/hooks'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data'],
    ['IPv6 loopback', 'https://[::1]/hooks'],
    ['a private network', 'https://10.1.2.3/hooks'],
  ])('refuses %s when the deployment does not allow private addresses', async (_label, url) => {
    const before = await snapshot();
    const response = await call(strict, 'POST', endpointsPath(), { as: owner, body: { url } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'webhook_url_refused', param: 'url' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses pointing an existing endpoint at a private address, and accepts a public one', async () => {
    const { id } = await createEndpoint();
    const refused = await call(strict, 'PATCH', `${endpointsPath()}/${id}`, {
      as: owner,
      body: { url: 'https://192.168.1.10/hooks' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.param).toBe('url');
    expect((await endpointRow(id)).url).toBe(localUrl);
    const accepted = await call(strict, 'PATCH', `${endpointsPath()}/${id}`, {
      as: owner,
      body: { url: 'https://93.184.215.14/hooks' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().url).toBe('https://93.184.215.14/hooks');
  });
});

describe('changing an endpoint', () => {
  it('disables and enables it, changes its event types and description, each audited with before and after', async () => {
    const { id } = await createEndpoint({ eventTypes: ['invoice.paid'] });
    const path = `${endpointsPath()}/${id}`;
    strict.clock.advance({ minutes: 5 });
    const disabled = await call(billfold, 'PATCH', path, { as: owner, body: { enabled: false } });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ enabled: false, status: 'disabled', updatedAt: nowPlus() });
    const listed = await call(billfold, 'GET', `${endpointsPath()}?limit=100`, { as: owner });
    expect(listed.json().data.find((e: { id: string }) => e.id === id)).toMatchObject({ status: 'disabled' });

    const enabled = await call(billfold, 'PATCH', path, { as: owner, body: { enabled: true } });
    expect(enabled.json()).toMatchObject({ enabled: true, status: 'enabled' });

    const changed = await call(billfold, 'PATCH', path, {
      as: owner,
      body: { eventTypes: ['credits.depleted', 'invoice.paid'], description: 'Ops' },
    });
    expect(changed.json()).toMatchObject({ eventTypes: ['invoice.paid', 'credits.depleted'], description: 'Ops' });

    expect((await auditOf(id)).slice(1)).toEqual([
      expect.objectContaining({
        action: 'webhook_endpoint.updated',
        before: { enabled: true },
        after: { enabled: false },
      }),
      expect.objectContaining({
        action: 'webhook_endpoint.updated',
        before: { enabled: false },
        after: { enabled: true },
      }),
      expect.objectContaining({
        action: 'webhook_endpoint.updated',
        before: { description: '', eventTypes: ['invoice.paid'] },
        after: { description: 'Ops', eventTypes: ['invoice.paid', 'credits.depleted'] },
      }),
    ]);
    // A change to what it already is writes nothing.
    await call(billfold, 'PATCH', path, { as: owner, body: { enabled: true, description: 'Ops' } });
    expect(await auditOf(id)).toHaveLength(4);
  });

  it('shows a failing endpoint as failing; enabling it again gives it a fresh start', async () => {
    const { id } = await createEndpoint();
    const since = new Date(strict.clock.now().epochMilliseconds - 3_600_000);
    await strict.deps.db.updateTable('webhook_endpoint').set({ failing_since: since }).where('id', '=', id).execute();
    const path = `${endpointsPath()}/${id}`;
    expect((await call(billfold, 'GET', path, { as: owner })).json()).toMatchObject({
      status: 'failing',
      failingSince: since.toISOString(),
    });
    await call(billfold, 'PATCH', path, { as: owner, body: { enabled: false } });
    const again = await call(billfold, 'PATCH', path, { as: owner, body: { enabled: true } });
    expect(again.json()).toMatchObject({ status: 'enabled', failingSince: null });
  });

  it('rotates the secret: a new one answered once, the old one valid for 24 hours more', async () => {
    const created = await createEndpoint();
    const path = `${endpointsPath()}/${created.id}`;
    const rotated = await call(billfold, 'POST', `${path}/rotate-secret`, { as: owner });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const body = rotated.json();
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.secret).not.toBe(created.secret);
    expect(body.secretRotatedUntil).toBe(nowPlus({ hours: 24 }));

    const row = await endpointRow(created.id);
    expect(strict.deps.webhooks.secrets.open(row.secret_sealed)).toBe(body.secret);
    expect(row.previous_secret_sealed).not.toBeNull();
    expect(strict.deps.webhooks.secrets.open(row.previous_secret_sealed ?? '')).toBe(created.secret);
    expect(row.previous_secret_expires_at?.toISOString()).toBe(nowPlus({ hours: 24 }));
    expect(JSON.stringify(row)).not.toContain(body.secret.slice('whsec_'.length));
    const audit = await auditOf(created.id);
    expect(audit.at(-1)).toMatchObject({ action: 'webhook_endpoint.secret_rotated' });
    expect(JSON.stringify(audit)).not.toContain(body.secret.slice('whsec_'.length));

    expect((await call(billfold, 'GET', path, { as: owner })).json().secretRotatedUntil).toBe(nowPlus({ hours: 24 }));
    strict.clock.advance({ hours: 24, seconds: 1 });
    expect((await call(billfold, 'GET', path, { as: owner })).json().secretRotatedUntil).toBeNull();
  });

  it('deletes it: gone from the list, 404 after, and its pending deliveries are given up', async () => {
    const { id } = await createEndpoint();
    const path = `${endpointsPath()}/${id}`;
    const tested = await call(billfold, 'POST', `${path}/test`, { as: owner });
    expect(tested.statusCode).toBe(201);
    const deleted = await call(billfold, 'DELETE', path, { as: owner });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ id, url: localUrl });
    expect(deleted.json().secret).toBeUndefined();
    const listed = await call(billfold, 'GET', `${endpointsPath()}?limit=100`, { as: owner });
    expect(listed.json().data.map((e: { id: string }) => e.id)).not.toContain(id);
    for (const [method, suffix] of [
      ['GET', ''],
      ['DELETE', ''],
      ['PATCH', ''],
      ['POST', '/rotate-secret'],
      ['POST', '/test'],
      ['GET', '/deliveries'],
    ] as const) {
      const response = await call(billfold, method, `${path}${suffix}`, {
        as: owner,
        body: method === 'PATCH' ? { enabled: false } : undefined,
      });
      expect(response.statusCode, `${method} ${suffix}`).toBe(404);
      expect(response.json().error).toMatchObject({ code: 'not_found', param: 'endpoint' });
    }
    const delivery = await strict.deps.db
      .selectFrom('webhook_delivery')
      .select(['status', 'next_attempt_at'])
      .where('id', '=', tested.json().id)
      .executeTakeFirstOrThrow();
    expect(delivery).toEqual({ status: 'failed', next_attempt_at: null });
    expect((await auditOf(id)).at(-1)).toMatchObject({
      action: 'webhook_endpoint.deleted',
      before: { url: localUrl, enabled: true },
    });
  });
});

describe('who may manage endpoints', () => {
  let member: SignedInUser;
  let billing: SignedInUser;
  let apiKey: string;

  beforeAll(async () => {
    member = await signUp(billfold, 'member');
    billing = await signUp(billfold, 'billing');
    await addMember(billfold, ws, owner, member, 'member');
    await addMember(billfold, ws, owner, billing, 'billing');
    const key = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, { as: owner, body: { name: 'k' } });
    apiKey = key.json().token;
  });

  it('lets a billing manager list, add and change endpoints', async () => {
    const created = await createEndpoint({}, billing);
    expect((await call(billfold, 'GET', endpointsPath(), { as: billing })).statusCode).toBe(200);
    const patched = await call(billfold, 'PATCH', `${endpointsPath()}/${created.id}`, {
      as: billing,
      body: { enabled: false },
    });
    expect(patched.statusCode).toBe(200);
    expect((await auditOf(created.id))[0]).toMatchObject({ actor_type: 'user', actor_id: billing.userId });
  });

  it('refuses a member without billing and every API key, whatever its scopes, and adds nothing', async () => {
    const count = async () =>
      (await strict.deps.db.selectFrom('webhook_endpoint').select('id').where('workspace_id', '=', ws.id).execute())
        .length;
    const before = await count();
    for (const as of [member, { apiKey }]) {
      for (const [method, path] of [
        ['GET', endpointsPath()],
        ['POST', endpointsPath()],
      ] as const) {
        const response = await call(billfold, method, path, {
          as,
          body: method === 'POST' ? { url: localUrl } : undefined,
        });
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('permission_denied');
      }
    }
    expect(await count()).toBe(before);
  });

  it("answers 404 for another workspace's endpoint and delivery, and changes nothing", async () => {
    const outsider = await signUp(billfold, 'outsider');
    const elsewhere = await createWorkspaceAs(billfold, outsider, 'Elsewhere');
    const theirs = await createEndpoint({}, outsider, elsewhere);
    const theirTest = await call(
      billfold,
      'POST',
      `/v1/workspaces/${elsewhere.id}/webhook-endpoints/${theirs.id}/test`,
      {
        as: outsider,
      },
    );
    const rowBefore = await endpointRow(theirs.id);
    const mine = await createEndpoint();
    for (const [method, path] of [
      ['GET', `${endpointsPath()}/${theirs.id}`],
      ['PATCH', `${endpointsPath()}/${theirs.id}`],
      ['DELETE', `${endpointsPath()}/${theirs.id}`],
      ['POST', `${endpointsPath()}/${theirs.id}/rotate-secret`],
      ['POST', `${endpointsPath()}/${theirs.id}/test`],
      ['GET', `${endpointsPath()}/${theirs.id}/deliveries`],
      ['POST', `${endpointsPath()}/${theirs.id}/deliveries/${theirTest.json().id}/replay`],
      ['POST', `${endpointsPath()}/${mine.id}/deliveries/${theirTest.json().id}/replay`],
    ] as const) {
      const response = await call(billfold, method, path, {
        as: owner,
        body: method === 'PATCH' ? { enabled: false } : undefined,
      });
      expect(response.statusCode, `${method} ${path}`).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
    expect(await endpointRow(theirs.id)).toEqual(rowBefore);
    const deliveries = await strict.deps.db
      .selectFrom('webhook_delivery')
      .select('id')
      .where('endpoint_id', 'in', [theirs.id, mine.id])
      .execute();
    expect(deliveries).toEqual([{ id: theirTest.json().id }]);
  });
});

describe('test events, the delivery log and replays', () => {
  beforeAll(async () => {
    // A workspace of its own: the ones above used much of the first workspace's 16 endpoints.
    ws = await createWorkspaceAs(billfold, owner, 'Deliveries');
  });

  it('sends a test event to the one endpoint tested, as one pending delivery in its log', async () => {
    const tested = await createEndpoint({ eventTypes: ['invoice.paid'] });
    const other = await createEndpoint();
    const path = `${endpointsPath()}/${tested.id}`;
    const response = await call(billfold, 'POST', `${path}/test`, { as: owner });
    expect(response.statusCode, response.body).toBe(201);
    const delivery = response.json();
    expect(delivery).toEqual({
      id: expect.stringMatching(/^whd_/),
      endpointId: tested.id,
      eventId: expect.stringMatching(/^evt_/),
      eventType: 'webhook_endpoint.test',
      status: 'pending',
      responseStatus: null,
      durationMs: null,
      attempts: 0,
      nextAttemptAt: nowPlus(),
      createdAt: nowPlus(),
      lastAttemptAt: null,
      error: null,
      responseBody: null,
      replayOf: null,
    });

    const event = await strict.deps.db
      .selectFrom('outbox_event')
      .selectAll()
      .where('id', '=', delivery.eventId)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ workspace_id: ws.id, type: 'webhook_endpoint.test', sequence: null });
    expect(event.published_at).not.toBeNull();
    expect(event.data).toMatchObject({ object: { id: tested.id, url: localUrl } });
    expect(JSON.stringify(event.data)).not.toContain(tested.secret.slice('whsec_'.length));

    // Publishing does not hand it to the subscribers: still one delivery, to the endpoint tested only.
    await publishEvents(strict.deps);
    const deliveries = await strict.deps.db
      .selectFrom('webhook_delivery')
      .select(['endpoint_id'])
      .where('event_id', '=', delivery.eventId)
      .execute();
    expect(deliveries).toEqual([{ endpoint_id: tested.id }]);
    const after = await strict.deps.db
      .selectFrom('outbox_event')
      .select('sequence')
      .where('id', '=', delivery.eventId)
      .executeTakeFirstOrThrow();
    expect(after.sequence).toBeNull();

    const log = await call(billfold, 'GET', `${path}/deliveries`, { as: owner });
    expect(log.statusCode).toBe(200);
    expect(log.json()).toEqual({ data: [delivery], hasMore: false });
    const otherLog = await call(billfold, 'GET', `${endpointsPath()}/${other.id}/deliveries`, { as: owner });
    expect(otherLog.json()).toEqual({ data: [], hasMore: false });
    expect((await auditOf(tested.id)).at(-1)).toMatchObject({ action: 'webhook_endpoint.test_sent' });
  });

  it('replays a delivery as a new delivery of the same event, listed newest first', async () => {
    const { id } = await createEndpoint();
    const path = `${endpointsPath()}/${id}`;
    const original = (await call(billfold, 'POST', `${path}/test`, { as: owner })).json();
    // The delivery run's outcome, as it records it.
    await strict.deps.db
      .updateTable('webhook_delivery')
      .set({
        status: 'failed',
        attempts: 8,
        response_status: 500,
        duration_ms: 42,
        response_body: 'oops',
        next_attempt_at: null,
      })
      .where('id', '=', original.id)
      .execute();
    strict.clock.advance({ seconds: 30 });

    const replayed = await call(billfold, 'POST', `${path}/deliveries/${original.id}/replay`, { as: owner });
    expect(replayed.statusCode, replayed.body).toBe(201);
    expect(replayed.json()).toMatchObject({
      endpointId: id,
      eventId: original.eventId,
      eventType: 'webhook_endpoint.test',
      status: 'pending',
      attempts: 0,
      replayOf: original.id,
      nextAttemptAt: nowPlus(),
    });
    expect(replayed.json().id).not.toBe(original.id);

    const log = await call(billfold, 'GET', `${path}/deliveries`, { as: owner });
    expect(log.json().data.map((d: { id: string }) => d.id)).toEqual([replayed.json().id, original.id]);
    expect(log.json().data[1]).toMatchObject({
      status: 'failed',
      attempts: 8,
      responseStatus: 500,
      durationMs: 42,
      responseBody: 'oops',
    });

    // Keyset pages: one at a time, newest first.
    const first = await call(billfold, 'GET', `${path}/deliveries?limit=1`, { as: owner });
    expect(first.json()).toMatchObject({ hasMore: true, data: [{ id: replayed.json().id }] });
    const second = await call(billfold, 'GET', `${path}/deliveries?limit=1&startingAfter=${replayed.json().id}`, {
      as: owner,
    });
    expect(second.json()).toMatchObject({ hasMore: false, data: [{ id: original.id }] });
    expect((await auditOf(original.id)).at(-1)).toMatchObject({
      action: 'webhook_delivery.replayed',
      after: { deliveryId: replayed.json().id, eventId: original.eventId, endpointId: id },
    });
  });

  it('sends nothing to a disabled endpoint: no test event, no replay, until enabled again', async () => {
    const { id } = await createEndpoint();
    const path = `${endpointsPath()}/${id}`;
    const original = (await call(billfold, 'POST', `${path}/test`, { as: owner })).json();
    await call(billfold, 'PATCH', path, { as: owner, body: { enabled: false } });
    for (const suffix of ['/test', `/deliveries/${original.id}/replay`]) {
      const refused = await call(billfold, 'POST', `${path}${suffix}`, { as: owner });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('webhook_endpoint_conflict');
      expect(refused.json().error.message).toContain('disabled');
    }
    const log = await call(billfold, 'GET', `${path}/deliveries`, { as: owner });
    expect(log.json().data).toHaveLength(1);
  });
});

describe('the OpenAPI document', () => {
  it('documents the webhook endpoint routes under Webhooks', async () => {
    const document = (await strict.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of [
      '/v1/workspaces/{ws}/webhook-endpoints',
      '/v1/workspaces/{ws}/webhook-endpoints/{endpoint}',
      '/v1/workspaces/{ws}/webhook-endpoints/{endpoint}/rotate-secret',
      '/v1/workspaces/{ws}/webhook-endpoints/{endpoint}/test',
      '/v1/workspaces/{ws}/webhook-endpoints/{endpoint}/deliveries',
      '/v1/workspaces/{ws}/webhook-endpoints/{endpoint}/deliveries/{delivery}/replay',
      '/v1/webhook-event-types',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
    const create = document.paths['/v1/workspaces/{ws}/webhook-endpoints'].post;
    expect(create.tags).toEqual(['Webhooks']);
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['url']);
    expect(create.responses['201'].content['application/json'].schema.properties.secret.description).toContain(
      'shown in this answer only',
    );
  });
});
