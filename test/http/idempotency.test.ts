// Idempotency-Key: a replay returns the first response, another body with the same key is 422,
// a key still running is 409, keys are per caller and live 24 hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type SignedInUser, signUp, startTestBillfold, type TestBillfold } from '../support/test-billfold.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

function slug(label: string) {
  return `${label}-${Math.random().toString(36).slice(2, 8)}`;
}

async function workspacesNamed(name: string) {
  return billfold.deps.db.selectFrom('organization').select(['id', 'slug']).where('name', '=', name).execute();
}

function createWorkspace(as: SignedInUser, name: string, slugValue: string, key: string) {
  return call(billfold, 'POST', '/v1/workspaces', { as, body: { name, slug: slugValue }, idempotencyKey: key });
}

describe('Idempotency-Key', () => {
  it('replays the first response for the same request, creating one workspace', async () => {
    const user = await signUp(billfold, 'replayer');
    const s = slug('replay');
    const first = await createWorkspace(user, 'Replay Co', s, 'key-replay');
    const second = await createWorkspace(user, 'Replay Co', s, 'key-replay');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await workspacesNamed('Replay Co')).toHaveLength(1);
  });

  it('replays a refusal too, rather than running the request again', async () => {
    const user = await signUp(billfold, 'refused');
    const taken = slug('taken');
    expect((await createWorkspace(user, 'Taken', taken, 'key-taken-1')).statusCode).toBe(201);
    const refused = await createWorkspace(user, 'Taken again', taken, 'key-taken-2');
    const replayed = await createWorkspace(user, 'Taken again', taken, 'key-taken-2');
    expect(refused.statusCode).toBe(409);
    expect(replayed.statusCode).toBe(409);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json()).toEqual(refused.json());
  });

  it('answers 422 when the same key comes with a different request, and creates nothing', async () => {
    const user = await signUp(billfold, 'mismatch');
    expect((await createWorkspace(user, 'Mismatch A', slug('a'), 'key-mismatch')).statusCode).toBe(201);
    const other = await createWorkspace(user, 'Mismatch B', slug('b'), 'key-mismatch');
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toMatchObject({
      type: 'idempotency',
      code: 'idempotency_key_reused',
      param: 'Idempotency-Key',
    });
    expect(await workspacesNamed('Mismatch B')).toEqual([]);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const user = await signUp(billfold, 'running');
    const s = slug('running');
    const first = await createWorkspace(user, 'Running', s, 'key-running');
    expect(first.statusCode).toBe(201);
    // Put the record back into the state it has while its request is in flight.
    await billfold.deps.db
      .updateTable('idempotency_record')
      .set({ state: 'running', response_status: null, response_body: null })
      .where('actor_key', '=', `user:${user.userId}`)
      .where('idempotency_key', '=', 'key-running')
      .execute();
    const second = await createWorkspace(user, 'Running', s, 'key-running');
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('idempotency_key_in_progress');
    expect(await workspacesNamed('Running')).toHaveLength(1);
  });

  it('lets two simultaneous identical requests create one workspace', async () => {
    const user = await signUp(billfold, 'simultaneous');
    const s = slug('simultaneous');
    const responses = await Promise.all([
      createWorkspace(user, 'Simultaneous', s, 'key-simultaneous'),
      createWorkspace(user, 'Simultaneous', s, 'key-simultaneous'),
    ]);
    const statuses = responses.map((r) => r.statusCode).sort();
    // One ran; the other either waited for its replay or was told it is still running.
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      expect(response.json().error.code).toBe('idempotency_key_in_progress');
    }
    expect(await workspacesNamed('Simultaneous')).toHaveLength(1);
  });

  it('keeps keys per caller: the same key from another user runs their own request', async () => {
    const alice = await signUp(billfold, 'alice');
    const bob = await signUp(billfold, 'bob');
    const a = await createWorkspace(alice, 'Alice Co', slug('alice'), 'shared-key');
    const b = await createWorkspace(bob, 'Bob Co', slug('bob'), 'shared-key');
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().name).toBe('Bob Co');
  });

  it('forgets a key after 24 hours: the request then runs anew', async () => {
    const user = await signUp(billfold, 'expiry');
    const first = await createWorkspace(user, 'Expiry One', slug('one'), 'key-expiry');
    expect(first.statusCode).toBe(201);
    billfold.clock.advance({ hours: 23 });
    expect(
      (await createWorkspace(user, 'Expiry One', first.json().slug, 'key-expiry')).headers['idempotent-replayed'],
    ).toBe('true');
    billfold.clock.advance({ hours: 2 });
    const later = await createWorkspace(user, 'Expiry Two', slug('two'), 'key-expiry');
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(await workspacesNamed('Expiry Two')).toHaveLength(1);
  });

  it('refuses an over-long key naming the header', async () => {
    const user = await signUp(billfold, 'long');
    const response = await createWorkspace(user, 'Long Key', slug('long'), 'k'.repeat(256));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.param).toBe('idempotency-key');
    expect(await workspacesNamed('Long Key')).toEqual([]);
  });
});
