// The session behind a /v1 request's cookie: read on every request, so signing out, expiry and a forged cookie
// take effect at once; better-auth still slides a session forward and honours "don't remember me".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

const dayMs = 24 * 60 * 60 * 1000;

function tokenOf(user: SignedInUser): string {
  return decodeURIComponent(user.cookie.split('=')[1] ?? '').split('.')[0] ?? '';
}

function sessionRow(user: SignedInUser) {
  return billfold.deps.db.selectFrom('session').selectAll().where('token', '=', tokenOf(user)).executeTakeFirst();
}

async function billingStatus(user: SignedInUser, slug: string): Promise<number> {
  return (await call(billfold, 'GET', `/v1/workspaces/${slug}/billing`, { as: user })).statusCode;
}

describe("a /v1 request's session", () => {
  it('stops working on the request after signing out', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    expect(await billingStatus(owner, ws.slug)).toBe(200);
    const signOut = await billfold.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: owner.cookie, origin: testOrigin, 'content-type': 'application/json' },
      payload: {},
    });
    expect(signOut.statusCode).toBe(200);
    expect(await billingStatus(owner, ws.slug)).toBe(401);
  });

  it("is refused when the cookie's signature is not the server's", async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const [name, value] = owner.cookie.split('=') as [string, string];
    const [token, signature] = decodeURIComponent(value).split('.') as [string, string];
    const otherSignature = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    const forged = { ...owner, cookie: `${name}=${encodeURIComponent(`${token}.${otherSignature}`)}` };
    const unsigned = { ...owner, cookie: `${name}=${token}` };
    expect(await billingStatus(forged, ws.slug)).toBe(401);
    expect(await billingStatus(unsigned, ws.slug)).toBe(401);
    expect(await billingStatus(owner, ws.slug)).toBe(200);
  });

  it('is refused once past its expiry, and the expired session is removed', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    await billfold.deps.db
      .updateTable('session')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('token', '=', tokenOf(owner))
      .execute();
    expect(await billingStatus(owner, ws.slug)).toBe(401);
    expect(await sessionRow(owner)).toBeUndefined();
  });

  it('slides forward once a day has passed since it was last extended, and keeps answering', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    // better-auth's defaults: a session lasts 7 days and is extended when a day has passed since it was.
    const twoDaysUsed = new Date(Date.now() + 5 * dayMs);
    await billfold.deps.db
      .updateTable('session')
      .set({ expiresAt: twoDaysUsed })
      .where('token', '=', tokenOf(owner))
      .execute();
    expect(await billingStatus(owner, ws.slug)).toBe(200);
    const extended = await sessionRow(owner);
    expect(extended?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * dayMs);
  });

  it('works for a session signed in without "remember me"', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const signIn = await billfold.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { origin: testOrigin, 'content-type': 'application/json' },
      payload: { email: owner.email, password: 'correct-horse-battery', rememberMe: false },
    });
    expect(signIn.statusCode).toBe(200);
    const setCookie = signIn.headers['set-cookie'];
    const cookies = (Array.isArray(setCookie) ? setCookie : [setCookie ?? '']).map((c) => c.split(';')[0] ?? '');
    expect(cookies.some((c) => c.includes('dont_remember'))).toBe(true);
    expect(await billingStatus({ ...owner, cookie: cookies.join('; ') }, ws.slug)).toBe(200);
  });

  it('loses a workspace on the request after its member is removed', async () => {
    const owner = await signUp(billfold, 'owner');
    const billing = await signUp(billfold, 'billing');
    const ws = await createWorkspaceAs(billfold, owner);
    const { memberId } = await addMember(billfold, ws, owner, billing, 'billing');
    expect(await billingStatus(billing, ws.slug)).toBe(200);
    const removed = await call(billfold, 'DELETE', `/v1/workspaces/${ws.id}/members/${memberId}`, { as: owner });
    expect(removed.statusCode).toBeLessThan(300);
    expect(await billingStatus(billing, ws.slug)).toBe(404);
  });
});
