// GET /v1/workspaces/:ws/billing: the summary the Plan & Billing page renders.
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
    // The whole shape of DESIGN.md section 4; what later issues fill is null until then.
    expect(summary.json()).toEqual({
      workspace: { id: ws.id, slug: ws.slug, name: 'Test Workspace' },
      plan: { id: 'free', name: 'Free', tier: null, interval: null },
      subscription: null,
      seats: { activeUsers: 1, pendingInvites: 0, maxUsers: 3 },
      nextCharge: null,
      credits: null,
      paymentMethod: null,
      discount: null,
      permissions: { view: true, manage: true },
      testClock: null,
    });
  });
});
