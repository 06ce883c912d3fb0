// The demo seed: Acme with an owner, a billing manager and a member (all 3 Free seats), and Globex Labs on Flex
// Credits with three weeks of use, once however often it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers, seedDemo } from '../../src/seed/demo-workspace.ts';
import { call, sessionCookie, startTestBillfold, type TestBillfold, testOrigin } from '../support/test-billfold.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

describe('seedDemo', () => {
  it('seeds Acme with its three demo people once, and changes nothing when run again', async () => {
    expect(await seedDemo(billfold.deps, billfold.auth)).toEqual({ seeded: true });
    expect(await seedDemo(billfold.deps, billfold.auth)).toEqual({ seeded: false });

    const workspaces = await billfold.deps.db.selectFrom('organization').select(['id', 'slug', 'name']).execute();
    expect(workspaces.map((w) => w.slug).sort()).toEqual(['acme', 'globex']);
    const members = await billfold.deps.db
      .selectFrom('member')
      .innerJoin('user', 'user.id', 'member.userId')
      .innerJoin('organization', 'organization.id', 'member.organizationId')
      .select(['user.email', 'member.role'])
      .where('organization.slug', '=', 'acme')
      .orderBy('member.id')
      .execute();
    expect(members).toEqual(demoUsers.map((u) => ({ email: u.email, role: u.role })));

    const signIn = await billfold.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { origin: testOrigin, 'content-type': 'application/json' },
      payload: { email: 'billing@demo.billfold.dev', password: 'billfold-demo' },
    });
    expect(signIn.statusCode).toBe(200);
    const billingManager = { ...signIn.json().user, userId: signIn.json().user.id, cookie: sessionCookie(signIn) };
    const summary = await call(billfold, 'GET', '/v1/workspaces/acme/billing', { as: billingManager });
    expect(summary.statusCode).toBe(200);
    expect(summary.json().seats).toEqual({ activeUsers: 3, pendingInvites: 0, maxUsers: 3 });
    expect(summary.json().permissions).toEqual({ view: true, manage: true });
  });

  it('gives the owner Globex Labs on Flex with 5,000 credits bought and three weeks of use in the chart', async () => {
    const signIn = await billfold.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { origin: testOrigin, 'content-type': 'application/json' },
      payload: { email: 'owner@demo.billfold.dev', password: 'billfold-demo' },
    });
    const owner = { ...signIn.json().user, userId: signIn.json().user.id, cookie: sessionCookie(signIn) };
    const credits = (await call(billfold, 'GET', '/v1/workspaces/globex/credits', { as: owner })).json();
    const days = credits.usage as { date: string; credits: number }[];
    const used = days.reduce((sum, day) => sum + day.credits, 0);
    expect(used).toBeGreaterThan(1_000);
    // Flex's period is the calendar month: the three weeks of use may reach into the month before.
    const thisMonth = new Date().toISOString().slice(0, 7);
    const usedThisMonth = days.filter((d) => d.date.startsWith(thisMonth)).reduce((sum, d) => sum + d.credits, 0);
    expect(credits).toMatchObject({
      balance: 5_000 - used,
      periodUsed: usedThisMonth,
      periodTotal: 5_000 - used + usedThisMonth,
    });
    expect(credits.usage.filter((day: { credits: number }) => day.credits > 0)).toHaveLength(21);
    const summary = (await call(billfold, 'GET', '/v1/workspaces/globex/billing', { as: owner })).json();
    expect(summary.plan).toMatchObject({ id: 'flex', name: 'Flex Credits' });
    const invoices = (await call(billfold, 'GET', '/v1/workspaces/globex/invoices', { as: owner })).json();
    expect(invoices.data).toEqual([expect.objectContaining({ total: 4_500, status: 'paid' })]);
  });
});
