// Card testing (trying stolen numbers one after another through the card form) is throttled: declined or
// invalid card attempts are counted per client address and per workspace, and past the limit the next
// attempt is a 429 that never reaches the gateway. Good cards are never counted.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Billfold } from '../../src/server.ts';
import { testCardExpYear, testCards } from '../support/billing-fixtures.ts';
import {
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
  testOrigin,
} from '../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;

// The default limit is on: nothing in the environment configures it.
beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => billfold.close());

let addressCounter = 0;
/** A client address no other test uses (TEST-NET-3), so each test starts with no counted attempts. */
const freshAddress = () => `203.0.113.${++addressCounter}`;
let forwardedCounter = 0;

function tokenizeFrom(app: Billfold, remoteAddress: string, number: string, expYear = testCardExpYear) {
  return app.app.inject({
    method: 'POST',
    url: '/sandbox/v1/tokens',
    remoteAddress,
    // A client-supplied forwarding header must not let a card tester claim a fresh address per attempt.
    headers: { 'x-forwarded-for': `198.51.100.${++forwardedCounter % 250}` },
    payload: { number, expMonth: 12, expYear, cvc: '123' },
  });
}

function attachFrom(app: Billfold, remoteAddress: string, workspaceId: string, token: string) {
  return app.app.inject({
    method: 'POST',
    url: `/v1/workspaces/${workspaceId}/payment-methods`,
    remoteAddress,
    headers: { cookie: owner.cookie, origin: testOrigin },
    payload: { token },
  });
}

/** Tokenizes (from an address of its own, so only the attach is counted there) and saves the card. */
async function addCardFrom(app: Billfold, remoteAddress: string, workspaceId: string, number: string) {
  const token = await tokenizeFrom(app, freshAddress(), number);
  expect(token.statusCode).toBe(201);
  return {
    token: token.json().id as string,
    response: await attachFrom(app, remoteAddress, workspaceId, token.json().id),
  };
}

const mistypedNumber = '4242 4242 4242 4241';

function expectRateLimited(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(429);
  expect(response.json()).toEqual({
    error: { type: 'rate_limited', code: 'rate_limited', message: expect.stringMatching(/try again in \d+ minutes?/i) },
  });
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(3600);
}

const countRows = async (table: 'sandbox_token' | 'sandbox_card') =>
  Number(
    (
      await billfold.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('invalid tokenizations from one address', () => {
  it('are refused with 429 and Retry-After well before the 60th', async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    let firstRefusal: LightMyRequestResponse | undefined;
    for (let attempt = 0; attempt < 60; attempt++) {
      const response = await tokenizeFrom(billfold, address, mistypedNumber);
      statuses.push(response.statusCode);
      if (response.statusCode === 429 && !firstRefusal) firstRefusal = response;
    }
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThan(0);
    expect(firstLimited).toBeLessThan(59);
    expect(statuses.slice(0, firstLimited).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(firstLimited).every((status) => status === 429)).toBe(true);
    if (!firstRefusal) throw new Error('no 429');
    expectRateLimited(firstRefusal);
  });

  it('while limited, even a good card is refused and no token is made; another address is unaffected', async () => {
    const address = freshAddress();
    for (let attempt = 0; attempt < 60; attempt++) {
      if ((await tokenizeFrom(billfold, address, mistypedNumber)).statusCode === 429) break;
    }
    const tokensBefore = await countRows('sandbox_token');
    expectRateLimited(await tokenizeFrom(billfold, address, testCards.succeeds));
    expect(await countRows('sandbox_token')).toBe(tokensBefore);

    expect((await tokenizeFrom(billfold, freshAddress(), testCards.succeeds)).statusCode).toBe(201);
  });

  it('expired cards count too', async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 30; attempt++) {
      statuses.push((await tokenizeFrom(billfold, address, testCards.succeeds, 2001)).statusCode);
    }
    expect(statuses).toContain(429);
  });
});

describe('declined attaches from one workspace', () => {
  it('are refused with 429 before the 30th, from any address, and nothing reaches the gateway', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 30; attempt++) {
      // A new address every time: the workspace's own count is what stops this.
      statuses.push(
        (await addCardFrom(billfold, freshAddress(), workspace.id, testCards.declined)).response.statusCode,
      );
    }
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThan(0);
    expect(statuses.slice(0, firstLimited).every((status) => status === 402)).toBe(true);
    expect(statuses.slice(firstLimited).every((status) => status === 429)).toBe(true);

    // While limited, a good card is refused too, before the gateway sees its token (still unused).
    const cardsBefore = await countRows('sandbox_card');
    const { token, response } = await addCardFrom(billfold, freshAddress(), workspace.id, testCards.succeeds);
    expectRateLimited(response);
    expect(await countRows('sandbox_card')).toBe(cardsBefore);
    const stored = await billfold.deps.db
      .selectFrom('sandbox_token')
      .select('used_at')
      .where('id', '=', token)
      .executeTakeFirstOrThrow();
    expect(stored.used_at).toBeNull();

    // Another workspace of the same owner is unaffected.
    const other = await createWorkspaceAs(billfold, owner);
    expect((await addCardFrom(billfold, freshAddress(), other.id, testCards.succeeds)).response.statusCode).toBe(201);
  });

  it('declined attaches from one address across workspaces are refused too', async () => {
    const address = freshAddress();
    // Spread over four workspaces, so no workspace's own count is what stops this.
    const workspaces = [];
    for (let i = 0; i < 4; i++) workspaces.push(await createWorkspaceAs(billfold, owner));
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 30; attempt++) {
      const workspace = workspaces[attempt % workspaces.length] as { id: string };
      statuses.push(
        (await addCardFrom(billfold, address, workspace.id, testCards.insufficientFunds)).response.statusCode,
      );
    }
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThan(0);
    expect(statuses.slice(firstLimited).every((status) => status === 429)).toBe(true);
  });

  it('a retry with the same Idempotency-Key after a 429 is not answered with the stored 429', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    for (let attempt = 0; attempt < 30; attempt++) {
      if ((await addCardFrom(billfold, freshAddress(), workspace.id, testCards.declined)).response.statusCode === 429)
        break;
    }
    const token = (await tokenizeFrom(billfold, freshAddress(), testCards.succeeds)).json().id;
    const attach = () =>
      billfold.app.inject({
        method: 'POST',
        url: `/v1/workspaces/${workspace.id}/payment-methods`,
        remoteAddress: freshAddress(),
        headers: { cookie: owner.cookie, origin: testOrigin, 'idempotency-key': `after-limit-${workspace.id}` },
        payload: { token },
      });
    expectRateLimited(await attach());
    billfold.clock.advance({ hours: 1, minutes: 1 });
    const retried = await attach();
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.statusCode).toBe(201);
  });
});

describe('legitimate cardholders', () => {
  it('a good card after a couple of declines and a typo still attaches', async () => {
    const address = freshAddress();
    const workspace = await createWorkspaceAs(billfold, owner);
    expect((await tokenizeFrom(billfold, address, mistypedNumber)).statusCode).toBe(400);
    for (const number of [testCards.declined, testCards.insufficientFunds]) {
      const token = (await tokenizeFrom(billfold, address, number)).json().id;
      expect((await attachFrom(billfold, address, workspace.id, token)).statusCode).toBe(402);
    }
    const token = (await tokenizeFrom(billfold, address, testCards.succeeds)).json().id;
    const saved = await attachFrom(billfold, address, workspace.id, token);
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ last4: '4242', isDefault: true });
  });

  it('successful attempts are never counted: many good cards from one address and workspace all save', async () => {
    const address = freshAddress();
    const workspace = await createWorkspaceAs(billfold, owner);
    for (let card = 0; card < 25; card++) {
      const token = await tokenizeFrom(billfold, address, testCards.mastercard);
      expect(token.statusCode).toBe(201);
      expect((await attachFrom(billfold, address, workspace.id, token.json().id)).statusCode).toBe(201);
    }
  });

  it('once the window has passed the address may try again', async () => {
    const address = freshAddress();
    for (let attempt = 0; attempt < 60; attempt++) {
      if ((await tokenizeFrom(billfold, address, mistypedNumber)).statusCode === 429) break;
    }
    const retryAfter = Number((await tokenizeFrom(billfold, address, testCards.succeeds)).headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    billfold.clock.advance({ seconds: retryAfter });
    expect((await tokenizeFrom(billfold, address, testCards.succeeds)).statusCode).toBe(201);
  });
});

describe('configuration', () => {
  it('BILLFOLD_CARD_ATTEMPT_LIMIT sets how many declined attempts are allowed', async () => {
    const strict = await billfold.withSettings({ BILLFOLD_CARD_ATTEMPT_LIMIT: '3' });
    const address = freshAddress();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      statuses.push((await tokenizeFrom(strict, address, mistypedNumber)).statusCode);
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });

  it.each(['0', 'false', '-1', 'ten'])(
    'BILLFOLD_CARD_ATTEMPT_LIMIT=%s stops start-up instead of switching it off',
    (value) => {
      expect(() => loadConfig({ BILLFOLD_SECRET: 'x'.repeat(32), BILLFOLD_CARD_ATTEMPT_LIMIT: value })).toThrow(
        /BILLFOLD_CARD_ATTEMPT_LIMIT/,
      );
    },
  );
});

describe('concurrent attempts', () => {
  it('declined attaches sent at once from one workspace let no more than the limit reach the gateway', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const tokens: string[] = [];
    for (let attempt = 0; attempt < 25; attempt++) {
      tokens.push((await tokenizeFrom(billfold, freshAddress(), testCards.declined)).json().id);
    }
    const responses = await Promise.all(
      tokens.map((token) => attachFrom(billfold, freshAddress(), workspace.id, token)),
    );
    const reachedGateway = await billfold.deps.db
      .selectFrom('sandbox_token')
      .select('id')
      .where('id', 'in', tokens)
      .where('used_at', 'is not', null)
      .execute();
    expect(responses.filter((response) => response.statusCode === 429).length).toBeGreaterThan(0);
    expect(reachedGateway.length).toBe(responses.filter((response) => response.statusCode === 402).length);
    // The default limit: 10 declined attempts per workspace an hour.
    expect(reachedGateway.length).toBeLessThanOrEqual(10);
  });
});
