// Idempotency-Key: a replay returns the first response, another body with the same key is 422,
// a key still running is 409 (until it is five minutes old: its process died), keys are per caller and live
// 24 hours; stored responses are sealed.
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDate } from '../../src/domain/clock.ts';
import {
  type CallOptions,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

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

async function invitesOf(ws: { id: string }) {
  return billfold.deps.db
    .selectFrom('invitation')
    .select(['id', 'email'])
    .where('organizationId', '=', ws.id)
    .orderBy('id')
    .execute();
}

function createWorkspace(as: SignedInUser, name: string, slugValue: string, key: string) {
  return call(billfold, 'POST', '/v1/workspaces', { as, body: { name, slug: slugValue }, idempotencyKey: key });
}

function invite(as: CallOptions['as'], ws: { id: string }, email: string, key: string) {
  return call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, { as, body: { email }, idempotencyKey: key });
}

/** The request ran (it was not a replay) and succeeded. */
function ranFresh(response: LightMyRequestResponse) {
  return response.statusCode < 300 && response.headers['idempotent-replayed'] === undefined;
}

describe('replaying the same request', () => {
  it('returns the first response for the same key and body, creating one workspace', async () => {
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

  it('returns the first response for the same invite, creating one invite', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const first = await invite(owner, ws, 'once@example.test', 'key-invite');
    const second = await invite(owner, ws, 'once@example.test', 'key-invite');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await invitesOf(ws)).toEqual([{ id: first.json().id, email: 'once@example.test' }]);
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
    expect(await workspacesNamed('Taken again')).toEqual([]);
  });

  it('replays for an API key as for a user', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const key = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, { as: owner, body: { name: 'sync' } });
    const apiKey = { apiKey: key.json().token as string };
    const first = await invite(apiKey, ws, 'synced@example.test', 'key-sync');
    const second = await invite(apiKey, ws, 'synced@example.test', 'key-sync');
    expect(first.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await invitesOf(ws)).toHaveLength(1);
  });
});

describe('the same key with a different request', () => {
  it('answers 422 naming the header, and creates nothing', async () => {
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
    expect(await workspacesNamed('Mismatch A')).toHaveLength(1);
  });

  it('answers 422 for an invite to another address, and invites nobody new', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect((await invite(owner, ws, 'first@example.test', 'key-invite-mismatch')).statusCode).toBe(201);
    const other = await invite(owner, ws, 'second@example.test', 'key-invite-mismatch');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');
    expect((await invitesOf(ws)).map((i) => i.email)).toEqual(['first@example.test']);
  });
});

describe('a key whose first request is still running', () => {
  it('answers 409 and runs nothing', async () => {
    const user = await signUp(billfold, 'running');
    const body = { name: 'Running', slug: slug('running') };
    // The record exactly as the first request leaves it while in flight. The fingerprint is the one
    // src/http/idempotency.ts computes (method, URL and body), so this is the same request.
    await billfold.deps.db
      .insertInto('idempotency_record')
      .values({
        actor_key: `user:${user.userId}`,
        idempotency_key: 'key-running',
        request_fingerprint: createHash('sha256')
          .update(`POST /v1/workspaces\n${JSON.stringify(body)}`)
          .digest('hex'),
        state: 'running',
        created_at: toDate(billfold.clock.now()),
      })
      .execute();
    const second = await call(billfold, 'POST', '/v1/workspaces', { as: user, body, idempotencyKey: 'key-running' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      type: 'conflict',
      code: 'idempotency_key_in_progress',
      param: 'Idempotency-Key',
    });
    expect(await workspacesNamed('Running')).toEqual([]);
  });

  it('runs the request again once the first has been running for over five minutes (its process died)', async () => {
    const user = await signUp(billfold, 'abandoned');
    const body = { name: 'Abandoned', slug: slug('abandoned') };
    await billfold.deps.db
      .insertInto('idempotency_record')
      .values({
        actor_key: `user:${user.userId}`,
        idempotency_key: 'key-abandoned',
        request_fingerprint: createHash('sha256')
          .update(`POST /v1/workspaces\n${JSON.stringify(body)}`)
          .digest('hex'),
        state: 'running',
        created_at: toDate(billfold.clock.now().subtract({ minutes: 4 })),
      })
      .execute();
    const tooSoon = await call(billfold, 'POST', '/v1/workspaces', { as: user, body, idempotencyKey: 'key-abandoned' });
    expect(tooSoon.statusCode).toBe(409);
    billfold.clock.advance({ minutes: 1, seconds: 1 });
    const retried = await call(billfold, 'POST', '/v1/workspaces', { as: user, body, idempotencyKey: 'key-abandoned' });
    expect(retried.statusCode).toBe(201);
    expect(await workspacesNamed('Abandoned')).toHaveLength(1);
    const replayed = await call(billfold, 'POST', '/v1/workspaces', {
      as: user,
      body,
      idempotencyKey: 'key-abandoned',
    });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(await workspacesNamed('Abandoned')).toHaveLength(1);
  });

  it.each([
    ['workspace', 2],
    ['invite', 2],
    ['workspace', 5],
  ] as const)('%s: %i simultaneous identical requests create exactly one', async (what, count) => {
    const owner = await signUp(billfold, 'simultaneous');
    const ws = await createWorkspaceAs(billfold, owner);
    const s = slug('simultaneous');
    const send = () =>
      what === 'workspace'
        ? createWorkspace(owner, `Simultaneous ${s}`, s, `key-${s}`)
        : invite(owner, ws, `${s}@example.test`, `key-${s}`);
    const responses = await Promise.all(Array.from({ length: count }, send));

    // One ran; each other one was either told it is still running or got the replay of the one that ran.
    const fresh = responses.filter(ranFresh);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.statusCode).toBe(201);
    for (const response of responses.filter((r) => r !== fresh[0])) {
      if (response.statusCode === 409) {
        expect(response.json().error.code).toBe('idempotency_key_in_progress');
      } else {
        expect(response.statusCode).toBe(201);
        expect(response.headers['idempotent-replayed']).toBe('true');
        expect(response.json()).toEqual(fresh[0]?.json());
      }
    }
    if (what === 'workspace') expect(await workspacesNamed(`Simultaneous ${s}`)).toHaveLength(1);
    else expect(await invitesOf(ws)).toHaveLength(1);
  });
});

describe('keys are per caller', () => {
  it('runs the same key from another user as their own request', async () => {
    const alice = await signUp(billfold, 'alice');
    const bob = await signUp(billfold, 'bob');
    const a = await createWorkspace(alice, 'Alice Co', slug('alice'), 'shared-key');
    const b = await createWorkspace(bob, 'Bob Co', slug('bob'), 'shared-key');
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().name).toBe('Bob Co');
    expect(await workspacesNamed('Alice Co')).toHaveLength(1);
    expect(await workspacesNamed('Bob Co')).toHaveLength(1);
  });

  it('does not replay one user’s identical request to another user', async () => {
    const owner = await signUp(billfold, 'owner');
    const admin = await signUp(billfold, 'admin');
    const ws = await createWorkspaceAs(billfold, owner);
    const adminInvite = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/invites`, {
      as: owner,
      body: { email: admin.email, role: 'admin' },
    });
    await call(billfold, 'POST', `/v1/invites/${adminInvite.json().id}/accept`, { as: admin });
    // Same URL, body and key: for the second caller it runs, and is refused on its own merits.
    const first = await invite(owner, ws, 'same@example.test', 'same-key');
    const second = await invite(admin, ws, 'same@example.test', 'same-key');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('invite_exists');
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect((await invitesOf(ws)).filter((i) => i.email === 'same@example.test')).toHaveLength(1);
  });
});

describe('retention', () => {
  it('replays within 24 hours and forgets the key after: the request then runs anew', async () => {
    const user = await signUp(billfold, 'expiry');
    const first = await createWorkspace(user, 'Expiry One', slug('one'), 'key-expiry');
    expect(first.statusCode).toBe(201);
    billfold.clock.advance({ hours: 23 });
    const replayed = await createWorkspace(user, 'Expiry One', first.json().slug, 'key-expiry');
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json()).toEqual(first.json());
    billfold.clock.advance({ hours: 2 });
    // 25 hours after the first: another body under the same key is a new request, not a 422.
    const later = await createWorkspace(user, 'Expiry Two', slug('two'), 'key-expiry');
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(await workspacesNamed('Expiry Two')).toHaveLength(1);
    expect(await workspacesNamed('Expiry One')).toHaveLength(1);
  });

  it('runs the very same request anew after 25 hours (and is then refused on its merits)', async () => {
    const user = await signUp(billfold, 'expiry-same');
    const s = slug('same');
    expect((await createWorkspace(user, 'Same After A Day', s, 'key-same-day')).statusCode).toBe(201);
    billfold.clock.advance({ hours: 25 });
    const again = await createWorkspace(user, 'Same After A Day', s, 'key-same-day');
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('slug_taken');
    expect(await workspacesNamed('Same After A Day')).toHaveLength(1);
  });
});

describe('a malformed key', () => {
  it('is refused naming the header, and nothing is created', async () => {
    const user = await signUp(billfold, 'long');
    const response = await createWorkspace(user, 'Long Key', slug('long'), 'k'.repeat(256));
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', param: 'idempotency-key' });
    expect(await workspacesNamed('Long Key')).toEqual([]);
  });
});

describe('stored responses', () => {
  it('a new API key replays to its creator but is not readable in the idempotency table', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const create = () =>
      call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, {
        as: owner,
        body: { name: 'sync' },
        idempotencyKey: 'key-once',
      });
    const first = await create();
    expect(first.statusCode).toBe(201);
    const token: string = first.json().token;
    expect(token).toMatch(/^bf_key_/);
    const replay = await create();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().token).toBe(token);
    const stored = await billfold.deps.db
      .selectFrom('idempotency_record')
      .select('response_body')
      .where('idempotency_key', '=', 'key-once')
      .executeTakeFirstOrThrow();
    expect(stored.response_body).not.toContain(token);
    expect(stored.response_body).not.toContain('sync');
  });
});
