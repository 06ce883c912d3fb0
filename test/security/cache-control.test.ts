// No answer that carries a secret or a workspace's billing data may be kept by a browser or proxy cache:
// every /v1 answer (an API key's token above all, even replayed) and every /api/auth answer is `no-store`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createWorkspaceAs,
  signUp,
  startTestBillfold,
  type TestBillfold,
  testOrigin,
} from '../support/test-billfold.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

describe('Cache-Control: no-store', () => {
  it('on API key creation, and on its idempotent replay', async () => {
    const owner = await signUp(billfold, 'owner');
    const workspace = await createWorkspaceAs(billfold, owner);
    const create = () =>
      call(billfold, 'POST', `/v1/workspaces/${workspace.id}/api-keys`, {
        as: owner,
        body: { name: 'Product' },
        idempotencyKey: `key-${workspace.id}`,
      });
    const created = await create();
    expect(created.statusCode).toBe(201);
    expect(created.json().token).toEqual(expect.any(String));
    expect(created.headers['cache-control']).toBe('no-store');
    const replayed = await create();
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.headers['cache-control']).toBe('no-store');
  });

  it('on every /v1 answer: data, errors and refusals alike', async () => {
    const owner = await signUp(billfold, 'owner');
    const workspace = await createWorkspaceAs(billfold, owner);
    const answers = [
      await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/billing`, { as: owner }),
      await call(billfold, 'GET', '/v1/workspaces', { as: owner }),
      await call(billfold, 'GET', '/v1/plans', { as: owner }),
      await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/billing`),
      await call(billfold, 'GET', '/v1/workspaces/ws_nobody/billing', { as: owner }),
      await call(billfold, 'POST', '/v1/workspaces', { as: owner, body: { name: '' } }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 401, 404, 400]);
    for (const answer of answers) expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('on the sign-up, sign-in and session answers', async () => {
    const email = `cache-${Math.random().toString(36).slice(2, 10)}@example.test`;
    const headers = { origin: testOrigin, 'content-type': 'application/json' };
    const signedUp = await billfold.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      headers,
      payload: { name: 'Cache', email, password: 'correct-horse-battery' },
    });
    const signedIn = await billfold.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers,
      payload: { email, password: 'correct-horse-battery' },
    });
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0] ?? '';
    const session = await billfold.app.inject({ method: 'GET', url: '/api/auth/get-session', headers: { cookie } });
    for (const answer of [signedUp, signedIn, session]) {
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['cache-control']).toBe('no-store');
    }
  });
});
