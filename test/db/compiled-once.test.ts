// compiledOnce: a query compiled on its first call answers every later call with that call's own values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/db/compiled-once.ts';
import { createWorkspaceAs, signUp, startTestBillfold, type TestBillfold } from '../support/test-billfold.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

const workspaceBySlug = compiledOnce((db, slug: string, name: string) =>
  db.selectFrom('organization').select(['id', 'slug']).where('slug', '=', slug).where('name', '=', name),
);

describe('a query compiled once', () => {
  it("answers each call with that call's arguments, in their places", async () => {
    const owner = await signUp(billfold, 'owner');
    const first = await createWorkspaceAs(billfold, owner, 'First');
    const second = await createWorkspaceAs(billfold, owner, 'Second');
    const db = billfold.deps.db;
    expect(await workspaceBySlug.first(db, first.slug, 'First')).toEqual({ id: first.id, slug: first.slug });
    expect(await workspaceBySlug.first(db, second.slug, 'Second')).toEqual({ id: second.id, slug: second.slug });
    expect(await workspaceBySlug.first(db, second.slug, 'First')).toBeUndefined();
    expect(await workspaceBySlug.all(db, first.slug, 'First')).toHaveLength(1);
  });
});
