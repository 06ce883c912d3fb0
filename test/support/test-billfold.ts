// A Billfold app for one test file, on its own database and test clock, driven with app.inject().
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { assembleBillfold, type Billfold } from '../../src/server.ts';
import { TestClock } from './test-clock.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

export const testBaseUrl = 'http://localhost:3000';
export const testOrigin = testBaseUrl;

export interface TestBillfold extends Billfold {
  clock: TestClock;
  database: TestDatabase;
  /** Another app on the same database with different settings (e.g. billing visible to members). */
  withSettings(env: Record<string, string>): Promise<Billfold>;
  close(): Promise<void>;
}

export async function startTestBillfold(
  env: Record<string, string> = {},
  options: Parameters<typeof assembleBillfold>[3] = {},
): Promise<TestBillfold> {
  const database = await openTestDatabase();
  const clock = new TestClock();
  const extraApps: Billfold[] = [];
  const configFor = (overrides: Record<string, string>) =>
    loadConfig({
      BILLFOLD_BASE_URL: testBaseUrl,
      BILLFOLD_SECRET: 'test-secret-test-secret-test-secret-0123',
      BILLFOLD_LOG_LEVEL: 'silent',
      // Tests sign many users up from one address; the limit itself is tested in sign-in-rate-limit.test.ts.
      BILLFOLD_AUTH_RATE_LIMIT: 'false',
      ...overrides,
    });
  const billfold = await assembleBillfold(configFor(env), database.db, clock, options);
  return {
    ...billfold,
    clock,
    database,
    async withSettings(overrides) {
      const other = await assembleBillfold(configFor({ ...env, ...overrides }), database.db, clock);
      extraApps.push(other);
      return other;
    },
    async close() {
      for (const other of extraApps) await other.app.close();
      await billfold.app.close();
      await database.close();
    },
  };
}

export interface SignedInUser {
  userId: string;
  email: string;
  name: string;
  cookie: string;
}

let userCounter = 0;

/** Signs a new user up through better-auth's HTTP endpoint and returns their session cookie. */
export async function signUp(billfold: Billfold, emailPrefix = 'user'): Promise<SignedInUser> {
  userCounter += 1;
  const email = `${emailPrefix}-${userCounter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const name = `${emailPrefix} ${userCounter}`;
  const response = await billfold.app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    headers: { origin: testOrigin, 'content-type': 'application/json' },
    payload: { email, password: 'correct-horse-battery', name },
  });
  if (response.statusCode !== 200) throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookie(response);
  return { userId: response.json().user.id, email, name, cookie };
}

export function sessionCookie(response: LightMyRequestResponse): string {
  const setCookie = response.headers['set-cookie'];
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const session = cookies.map((c) => c.split(';')[0] ?? '').find((c) => c.includes('session_token'));
  if (!session) throw new Error('no session cookie was set');
  return session;
}

export interface CallOptions {
  as?: SignedInUser | { apiKey: string } | null;
  body?: unknown;
  idempotencyKey?: string;
  /** Defaults to this server's origin for cookie callers; pass null to omit it. */
  origin?: string | null;
}

/** Calls the API as a user (cookie + Origin), an API key (Bearer) or nobody. */
export function call(
  billfold: Billfold,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  options: CallOptions = {},
) {
  const headers: Record<string, string> = {};
  const as = options.as;
  if (as && 'apiKey' in as) headers.authorization = `Bearer ${as.apiKey}`;
  else if (as) headers.cookie = as.cookie;
  const origin = options.origin === undefined ? testOrigin : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  return billfold.app.inject({
    method,
    url,
    headers,
    ...(options.body === undefined ? {} : { payload: options.body as Record<string, unknown> }),
  });
}

/** Creates a workspace owned by `owner` and returns its id and slug. */
export async function createWorkspaceAs(billfold: Billfold, owner: SignedInUser, name = 'Test Workspace') {
  const slug = `ws-${Math.random().toString(36).slice(2, 10)}`;
  const response = await call(billfold, 'POST', '/v1/workspaces', { as: owner, body: { name, slug } });
  if (response.statusCode !== 201) throw new Error(`create workspace failed: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string; slug: string; name: string };
}

/** Invites `user` into the workspace with `role` and accepts as them. */
export async function addMember(
  billfold: Billfold,
  workspace: { id: string },
  inviter: SignedInUser,
  user: SignedInUser,
  role: string,
) {
  const invite = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invites`, {
    as: inviter,
    body: { email: user.email, role },
  });
  if (invite.statusCode !== 201) throw new Error(`invite failed: ${invite.statusCode} ${invite.body}`);
  const accept = await call(billfold, 'POST', `/v1/invites/${invite.json().id}/accept`, { as: user });
  if (accept.statusCode !== 200) throw new Error(`accept failed: ${accept.statusCode} ${accept.body}`);
  return accept.json() as { memberId: string };
}
