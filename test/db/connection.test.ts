// int8 columns (money in minor units, counts) arrive as numbers on purpose, on PGlite and Postgres alike.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('bigint columns', () => {
  it('come back as JavaScript numbers, not strings', async () => {
    const { rows } = await sql<{ amount: unknown; total: unknown }>`
      select 1250::int8 as amount, count(*) as total from generate_series(1, 3)`.execute(database.db);
    expect(rows[0]).toEqual({ amount: 1250, total: 3 });
  });

  it('refuse a value beyond the safe integer range instead of silently rounding it', async () => {
    await expect(sql`select 9007199254740993::int8 as too_big`.execute(database.db)).rejects.toThrow(
      /MAX_SAFE_INTEGER/,
    );
  });
});
