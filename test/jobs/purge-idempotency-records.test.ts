import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredIdempotencyRecords } from '../../src/jobs/purge-idempotency-records.ts';
import { call, signUp, startTestBillfold, type TestBillfold } from '../support/test-billfold.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

describe('purgeExpiredIdempotencyRecords', () => {
  it('forgets keys older than 24 hours and keeps younger ones', async () => {
    const user = await signUp(billfold, 'purger');
    const create = (slug: string, key: string) =>
      call(billfold, 'POST', '/v1/workspaces', { as: user, body: { name: slug, slug }, idempotencyKey: key });
    expect((await create('purge-old', 'key-old')).statusCode).toBe(201);
    billfold.clock.advance({ hours: 23 });
    expect((await create('purge-young', 'key-young')).statusCode).toBe(201);
    billfold.clock.advance({ hours: 1, seconds: 1 });

    expect(await purgeExpiredIdempotencyRecords(billfold.deps.db, billfold.clock)).toBe(1);
    const keys = await billfold.deps.db
      .selectFrom('idempotency_record')
      .select('idempotency_key')
      .where('actor_key', '=', `user:${user.userId}`)
      .execute();
    expect(keys.map((k) => k.idempotency_key)).toEqual(['key-young']);
  });
});
