// Migration 0009 gives keys made before scopes existed the scopes of their creator's role at upgrade time
// (docs/decisions/002-workspace-api-keys.md): an owner's key everything, any other key billing and credits.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { up } from '../../../src/db/migrations/0009_api_key_scopes.ts';
import {
  addMember,
  call,
  createWorkspaceAs,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';
import { memberIdOf } from '../../support/workspace-state.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

it("backfills each existing key's scopes from its creator's role", async () => {
  const owner = await signUp(billfold, 'owner');
  const ws = await createWorkspaceAs(billfold, owner);
  const biller = await signUp(billfold, 'billing');
  const departed = await signUp(billfold, 'departed');
  await addMember(billfold, ws, owner, biller, 'billing');
  await addMember(billfold, ws, owner, departed, 'owner');
  const keyOf = async (as: typeof owner) =>
    (await call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, { as, body: { name: 'k' } })).json().id;
  const ownerKey = await keyOf(owner);
  const billerKey = await keyOf(biller);
  const departedKey = await keyOf(departed);
  // The departed owner left before the upgrade, when leaving did not revoke keys.
  const departedId = await memberIdOf(billfold, owner, ws, departed);
  await billfold.deps.db.deleteFrom('member').where('id', '=', departedId).execute();

  // Back to the table as it was before 0009, then run it.
  await sql`drop index api_key_active_idx`.execute(billfold.deps.db);
  await sql`alter table api_key drop column scopes, drop column last_used_at`.execute(billfold.deps.db);
  await up(billfold.deps.db);

  const rows = await billfold.deps.db
    .selectFrom('api_key')
    .select(['id', 'scopes', 'last_used_at', 'revoked_at'])
    .where('workspace_id', '=', ws.id)
    .execute();
  const scopesOf = (id: string) => rows.find((row) => row.id === id)?.scopes;
  expect(scopesOf(ownerKey)).toEqual([
    'billing:read',
    'billing:write',
    'members:read',
    'members:manage',
    'credits:consume',
  ]);
  expect(scopesOf(billerKey)).toEqual(['billing:read', 'billing:write', 'credits:consume']);
  expect(scopesOf(departedKey)).toEqual(['billing:read', 'billing:write', 'credits:consume']);
  expect(rows.every((row) => row.last_used_at === null && row.revoked_at === null)).toBe(true);
});
