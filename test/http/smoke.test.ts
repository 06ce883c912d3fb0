import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createWorkspaceAs, signUp, startTestBillfold, type TestBillfold } from '../support/test-billfold.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

describe('a new workspace', () => {
  it('starts on Free with its owner as the one active user of 3', async () => {
    const owner = await signUp(billfold, 'owner');
    const ws = await createWorkspaceAs(billfold, owner);
    const summary = await call(billfold, 'GET', `/v1/workspaces/${ws.slug}/billing`, { as: owner });
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toMatchObject({
      plan: { id: 'free', name: 'Free' },
      seats: { activeUsers: 1, pendingInvites: 0, maxUsers: 3 },
      permissions: { view: true, manage: true },
    });
  });
});
