// Sign-in attempts are limited per client address, with counters in the database (shared by all processes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billfold } from '../../src/server.ts';
import { signUp, startTestBillfold, type TestBillfold, testOrigin } from '../support/test-billfold.ts';

let billfold: TestBillfold;
let limited: Billfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
  limited = await billfold.withSettings({ BILLFOLD_AUTH_RATE_LIMIT: 'true' });
});
afterAll(() => billfold.close());

function signIn(app: Billfold, email: string, password: string, remoteAddress: string) {
  return app.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    remoteAddress,
    headers: { origin: testOrigin, 'content-type': 'application/json', 'x-billfold-client-ip': '203.0.113.9' },
    payload: { email, password },
  });
}

describe('sign-in rate limit', () => {
  it('answers 429 after 10 attempts a minute from one address, without affecting other addresses', async () => {
    const user = await signUp(billfold, 'target');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      statuses.push((await signIn(limited, user.email, 'wrong-password', '198.51.100.7')).statusCode);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Even the right password is refused from that address until the window passes…
    expect((await signIn(limited, user.email, 'correct-horse-battery', '198.51.100.7')).statusCode).toBe(429);
    // …while another address (whatever client IP header it sends) signs in normally.
    expect((await signIn(limited, user.email, 'correct-horse-battery', '198.51.100.8')).statusCode).toBe(200);

    const counters = await billfold.deps.db
      .selectFrom('rateLimit')
      .select((eb) => eb.fn.countAll<number>().as('rows'))
      .executeTakeFirstOrThrow();
    expect(Number(counters.rows)).toBeGreaterThan(0);
  });
});
