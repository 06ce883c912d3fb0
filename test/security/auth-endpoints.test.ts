// better-auth under /api/auth answers only the four endpoints the page uses (sign-up, sign-in, sign-out, the
// session), however the path is spelled; their bodies are checked before better-auth sees them, and the
// session token travels only in the cookie (docs/decisions/001-workspace-writes-through-billfold.md).
import { type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, draftInvoice, payInvoiceAs, testCards } from '../support/billing-fixtures.ts';
import {
  addMember,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
  testOrigin,
} from '../support/test-billfold.ts';
import { freshEmail, invitesOf, setMaxUsers } from '../support/workspace-state.ts';

let billfold: TestBillfold;
let port: number;
beforeAll(async () => {
  billfold = await startTestBillfold();
  // A real socket: app.inject (and fetch) resolve `.` and `..` in the URL before the server sees it; an attacker's
  // raw request (`curl --path-as-is`) does not.
  await billfold.app.listen({ port: 0, host: '127.0.0.1' });
  port = (billfold.app.server.address() as AddressInfo).port;
});
afterAll(() => billfold.close());

interface RawResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: as app.inject's json(), a test reads whatever the answer holds.
  json(): any;
}

/** Calls better-auth's HTTP endpoints as a browser would (JSON, same origin, the user's cookie), path as is. */
function auth(
  method: 'GET' | 'POST',
  path: string,
  options: { as?: Pick<SignedInUser, 'cookie'>; body?: unknown; raw?: string } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { origin: testOrigin };
  if (options.as) headers.cookie = options.as.cookie;
  if (method === 'POST') headers['content-type'] = 'application/json';
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, method, path, headers }, (answer) => {
      let body = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk) => {
        body += chunk;
      });
      answer.on('end', () =>
        resolve({ statusCode: answer.statusCode ?? 0, headers: answer.headers, body, json: () => JSON.parse(body) }),
      );
    });
    sent.on('error', reject);
    sent.end(payload);
  });
}

/** The session cookie an answer set. */
function cookieOf(response: RawResponse): { cookie: string } {
  const cookie = (response.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.includes('session_token'));
  if (!cookie) throw new Error(`no session cookie was set: ${response.statusCode} ${response.body}`);
  return { cookie };
}

/** The ways of spelling /api/auth/organization/<endpoint> that a URL parser turns into that path. */
const disguises = (endpoint: string) => [
  `/api/auth/organization/${endpoint}`,
  `/api/auth/./organization/${endpoint}`,
  `/api/auth/x/../organization/${endpoint}`,
  `/api/auth/%2e/organization/${endpoint}`,
  `/api/auth/%2E/organization/${endpoint}`,
  `/api/auth/organization/./${endpoint}`,
  `/api/auth/organization%2F${endpoint}`,
  // The absolute form a proxy is sent.
  `http://localhost:3000/api/auth/organization/${endpoint}`,
];

function expectNotFound(response: RawResponse) {
  expect(response.statusCode).toBe(404);
  expect(response.json().error).toMatchObject({ type: 'not_found', code: 'not_found' });
}

describe("better-auth's organization endpoints, however the path is spelled", () => {
  it('an owner cannot delete the workspace with its paid invoices', async () => {
    const owner = await signUp(billfold, 'owner');
    const workspace = await createWorkspaceAs(billfold, owner);
    await addCard(billfold, owner, workspace.id, testCards.succeeds, true);
    const invoiceId = await draftInvoice(billfold, workspace.id);
    expect((await payInvoiceAs(billfold, owner, workspace.id, invoiceId)).statusCode).toBe(200);

    for (const url of disguises('delete')) {
      expectNotFound(await auth('POST', url, { as: owner, body: { organizationId: workspace.id } }));
    }
    const invoice = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${invoiceId}`, { as: owner });
    expect(invoice.statusCode).toBe(200);
    expect(invoice.json().status).toBe('paid');
    const listed = await call(billfold, 'GET', '/v1/workspaces', { as: owner });
    expect(listed.json().data.map((w: { id: string }) => w.id)).toEqual([workspace.id]);
  });

  it('an admin cannot give themselves a custom role with Billing', async () => {
    const owner = await signUp(billfold, 'owner');
    const workspace = await createWorkspaceAs(billfold, owner);
    const admin = await signUp(billfold, 'admin');
    const { memberId } = await addMember(billfold, workspace, owner, admin, 'admin');

    for (const url of disguises('create-role')) {
      const response = await auth('POST', url, {
        as: admin,
        body: { organizationId: workspace.id, role: 'sneaky', permission: { billing: ['view', 'manage'] } },
      });
      expectNotFound(response);
    }
    for (const url of disguises('update-member-role')) {
      expectNotFound(
        await auth('POST', url, { as: admin, body: { organizationId: workspace.id, memberId, role: 'sneaky' } }),
      );
    }
    const roles = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/roles`, { as: admin });
    expect(roles.json().data.map((r: { name: string }) => r.name)).not.toContain('sneaky');
    expect((await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/billing`, { as: admin })).statusCode).toBe(403);
  });

  it('a signed-in user cannot create a workspace without its billing row', async () => {
    const user = await signUp(billfold, 'user');
    for (const [index, url] of disguises('create').entries()) {
      const slug = `bypass-${index}-${Math.random().toString(36).slice(2, 8)}`;
      expectNotFound(await auth('POST', url, { as: user, body: { name: 'Bypass', slug } }));
    }
    const workspaces = await call(billfold, 'GET', '/v1/workspaces', { as: user });
    expect(workspaces.json().data).toEqual([]);
  });

  it('an owner cannot invite past the seat limit', async () => {
    const owner = await signUp(billfold, 'owner');
    const workspace = await createWorkspaceAs(billfold, owner);
    await setMaxUsers(billfold, workspace, 1);

    for (const url of disguises('invite-member')) {
      const body = { organizationId: workspace.id, email: freshEmail('over'), role: 'member' };
      expectNotFound(await auth('POST', url, { as: owner, body }));
    }
    expect(await invitesOf(billfold, owner, workspace)).toEqual([]);
  });

  it('an admin cannot rename the workspace or delete custom roles', async () => {
    const owner = await signUp(billfold, 'owner');
    const workspace = await createWorkspaceAs(billfold, owner, 'Original Name');
    const admin = await signUp(billfold, 'admin');
    await addMember(billfold, workspace, owner, admin, 'admin');
    const role = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/roles`, {
      as: owner,
      body: { name: 'accountant', permissions: ['billing'] },
    });
    expect(role.statusCode).toBe(201);

    for (const url of disguises('update')) {
      expectNotFound(
        await auth('POST', url, { as: admin, body: { organizationId: workspace.id, data: { name: 'Renamed' } } }),
      );
    }
    for (const url of disguises('delete-role')) {
      expectNotFound(
        await auth('POST', url, { as: admin, body: { organizationId: workspace.id, roleName: 'accountant' } }),
      );
    }
    const workspaces = await call(billfold, 'GET', '/v1/workspaces', { as: admin });
    expect(workspaces.json().data.map((w: { name: string }) => w.name)).toEqual(['Original Name']);
    const roles = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/roles`, { as: owner });
    expect(roles.json().data.map((r: { name: string }) => r.name)).toContain('accountant');
  });
});

describe('better-auth endpoints the page does not use', () => {
  it.each([
    ['POST', '/api/auth/update-user'],
    ['POST', '/api/auth/./update-user'],
    ['GET', '/api/auth/list-sessions'],
    ['POST', '/api/auth/change-email'],
    ['GET', '/api/auth/ok'],
    ['GET', '/api/auth/sign-out'],
    ['POST', '/api/auth/get-session'],
    ['GET', '/api/auth/get-session/'],
    ['POST', '/api/auth/sign-in/email/'],
    ['POST', '/api/auth/sign-in/social'],
  ] as const)('%s %s is a 404 in the API error shape', async (method, url) => {
    const user = await signUp(billfold, 'user');
    expectNotFound(await auth(method, url, { as: user, body: method === 'POST' ? { name: 'Renamed' } : undefined }));
    const session = await auth('GET', '/api/auth/get-session', { as: user });
    expect(session.json().user.name).toBe(user.name);
  });

  it('the four the page uses still work: sign up, the session, sign out, sign in', async () => {
    const email = freshEmail('page');
    const signedUp = await auth('POST', '/api/auth/sign-up/email', {
      body: { name: 'Page User', email, password: 'correct-horse-battery' },
    });
    expect(signedUp.statusCode).toBe(200);
    const user = cookieOf(signedUp);
    const session = await auth('GET', '/api/auth/get-session?disableCookieCache=true', { as: user });
    expect(session.json().user.email).toBe(email);
    expect((await auth('POST', '/api/auth/sign-out', { as: user, body: {} })).statusCode).toBe(200);
    const signedIn = await auth('POST', '/api/auth/sign-in/email', {
      body: { email, password: 'correct-horse-battery', rememberMe: false, callbackURL: '/' },
    });
    expect(signedIn.statusCode).toBe(200);
  });
});

describe('bodies sent to /api/auth', () => {
  const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

  it.each(['/api/auth/sign-up/email', '/api/auth/sign-in/email', '/api/auth/sign-out'])(
    'a 10,000-deep array sent to %s is refused with a 4xx, never a 500',
    async (url) => {
      const response = await auth('POST', url, { raw: deepArray });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    },
  );

  it('a nested value where a string belongs is refused naming the field', async () => {
    const nested = `${'['.repeat(20)}"x"${']'.repeat(20)}`;
    const raw = `{"email":"deep@example.test","password":"correct-horse-battery","name":${nested}}`;
    const response = await auth('POST', '/api/auth/sign-up/email', { raw });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', param: 'name' });
  });

  function signUpWith(fields: Record<string, unknown>) {
    return auth('POST', '/api/auth/sign-up/email', {
      body: { name: 'New User', email: freshEmail('new'), password: 'correct-horse-battery', ...fields },
    });
  }

  function expectRefused(response: RawResponse, param: string) {
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', code: 'invalid_request', param });
    expect(response.json().error.message).toEqual(expect.any(String));
  }

  it('a sign-up name is 1 to 100 characters', async () => {
    expectRefused(await signUpWith({ name: '' }), 'name');
    expectRefused(await signUpWith({ name: '   ' }), 'name');
    expectRefused(await signUpWith({ name: 'n'.repeat(101) }), 'name');
    expect((await signUpWith({ name: 'n'.repeat(100) })).statusCode).toBe(200);
    expect((await signUpWith({ name: 'Zoë' })).statusCode).toBe(200);
  });

  it('an email keeps to the RFC lengths: local part up to 64, the whole address up to 254', async () => {
    /** A unique address of exactly `length` characters whose local part has `localLength`. */
    const address = (localLength: number, length: number) => {
      const local = `${Math.random().toString(36).slice(2, 10)}${'l'.repeat(localLength - 8)}`;
      // DNS labels are at most 63 characters: a dot every 61st character.
      const labels = Array.from({ length: length - localLength - 1 - '.test'.length }, (_, i) =>
        i % 61 === 60 ? '.' : 'd',
      );
      return `${local}@${labels.join('')}.test`;
    };
    expect(address(64, 254)).toHaveLength(254);
    expectRefused(await signUpWith({ email: address(65, 100) }), 'email');
    expectRefused(await signUpWith({ email: address(64, 255) }), 'email');
    expect((await signUpWith({ email: address(64, 100) })).statusCode).toBe(200);
    expect((await signUpWith({ email: address(64, 254) })).statusCode).toBe(200);
    expectRefused(await signUpWith({ email: 'not-an-address' }), 'email');
  });

  it.each(['name', 'email', 'password'])('a NUL byte in the sign-up %s is refused naming it', async (field) => {
    const values: Record<string, string> = {
      name: 'New\u0000User',
      email: 'nul\u0000@example.test',
      password: 'correct\u0000horse',
    };
    expectRefused(await signUpWith({ [field]: values[field] }), field);
  });

  it.each(['email', 'password'])('a NUL byte in the sign-in %s is refused naming it', async (field) => {
    const user = await signUp(billfold, 'nul');
    const body = { email: user.email, password: 'correct-horse-battery' };
    const values: Record<string, string> = { email: `${user.email}\u0000`, password: 'correct-horse-battery\u0000' };
    expectRefused(await auth('POST', '/api/auth/sign-in/email', { body: { ...body, [field]: values[field] } }), field);
  });

  it('an unknown field is refused naming it, on sign-up and on sign-in', async () => {
    expectRefused(await signUpWith({ role: 'admin' }), 'role');
    expectRefused(await signUpWith({ emailVerified: true }), 'emailVerified');
    const user = await signUp(billfold, 'known');
    const signIn = await auth('POST', '/api/auth/sign-in/email', {
      body: { email: user.email, password: 'correct-horse-battery', activeOrganizationId: 'ws_x' },
    });
    expectRefused(signIn, 'activeOrganizationId');
  });

  it("accepts what better-auth's own clients send beside the form's fields: rememberMe and callbackURL", async () => {
    expect((await signUpWith({ rememberMe: true, callbackURL: '/' })).statusCode).toBe(200);
  });
});

describe('the sign-in and sign-up answers', () => {
  it('carry the session only in the cookie, never in the body', async () => {
    const email = freshEmail('token');
    const signedUp = await auth('POST', '/api/auth/sign-up/email', {
      body: { name: 'Token User', email, password: 'correct-horse-battery' },
    });
    expect(signedUp.statusCode).toBe(200);
    expect(signedUp.json()).not.toHaveProperty('token');
    expect(signedUp.json().user.email).toBe(email);
    const cookieToken = cookieOf(signedUp).cookie.split('=')[1]?.split('.')[0] ?? '';
    expect(cookieToken.length).toBeGreaterThan(10);
    expect(signedUp.body).not.toContain(cookieToken);

    const signedIn = await auth('POST', '/api/auth/sign-in/email', {
      body: { email, password: 'correct-horse-battery' },
    });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).not.toHaveProperty('token');
    const user = cookieOf(signedIn);
    expect(signedIn.body).not.toContain(user.cookie.split('=')[1]?.split('.')[0]);
    // The cookie alone is the session.
    const asUser = { ...user, userId: signedIn.json().user.id, email, name: 'Token User' };
    expect((await call(billfold, 'GET', '/v1/workspaces', { as: asUser })).statusCode).toBe(200);
  });
});
