// What a cancel or a downgrade brings, said before and after, at desktop and phone sizes: Resume keeps a seat
// decrease scheduled before the cancel, a move to Flex is a scheduled change (not a cancel), and a workspace with
// more people than Free allows is told so in the cancel dialog, the Free preview and the seats line once on Free.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  callApi,
  confirmationShown,
  dialogScreenshot,
  dialogsClosed,
  expectAccessible,
  pageSessionForThisFile,
  screenSizes,
  screenshot,
} from './support/page-session.ts';
import { screenshotDir } from './support/running-server.ts';

const { newPerson } = pageSessionForThisFile();

const run = Date.now().toString(36);
/** The test clock's start: a 31-day month, so the first period ends Apr 10, 2030. */
const start = '2030-03-10T12:00:00Z';
const afterPeriodEnd = '2030-04-10T13:00:00Z';
/** Also kept outside test-results, to look at after the run. */
const shotsDir = '/tmp/shots';

/** A workspace on a test clock at `start` with a Visa as its default card, subscribed through the API. */
async function subscribedWorkspace(page: Page, slug: string, subscription: Record<string, unknown>) {
  const created = await callApi(page, 'POST', '/v1/workspaces', { name: `Consequences ${slug}`, slug });
  expect(created.status).toBe(201);
  const clock = await callApi(page, 'POST', `/v1/workspaces/${slug}/test-clock`, { frozenTime: start });
  expect(clock.status).toBe(201);
  const token = await callApi(page, 'POST', '/sandbox/v1/tokens', {
    number: '4242 4242 4242 4242',
    expMonth: 12,
    expYear: 2034,
    cvc: '123',
  });
  expect(token.status).toBe(201);
  const saved = await callApi(page, 'POST', `/v1/workspaces/${slug}/payment-methods`, {
    token: token.body.id,
    makeDefault: true,
  });
  expect(saved.status).toBe(201);
  const subscribed = await callApi(page, 'POST', `/v1/workspaces/${slug}/subscription`, subscription);
  expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(200);
  await page.goto(`/w/${slug}/billing`);
  await page.getByTestId('current-plan-name').waitFor();
}

async function advanceClock(page: Page, slug: string, to: string) {
  const advanced = await callApi(page, 'POST', `/v1/workspaces/${slug}/test-clock/advance`, { to });
  expect(advanced.status, JSON.stringify(advanced.body)).toBe(200);
  await page.reload();
}

async function keepShot(name: string) {
  mkdirSync(shotsDir, { recursive: true });
  copyFileSync(join(screenshotDir, `${name}.png`), join(shotsDir, `${name}.png`));
}

/** The current plan card alone, as the viewport lays it out. */
async function cardShot(page: Page, name: string) {
  await dialogsClosed(page);
  mkdirSync(shotsDir, { recursive: true });
  // From the top: a card scrolled to would sit under the fixed header.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('current-plan').screenshot({ path: join(shotsDir, `${name}.png`) });
}

async function subscriptionOf(page: Page, slug: string) {
  const summary = await callApi(page, 'GET', `/v1/workspaces/${slug}/billing`);
  expect(summary.status).toBe(200);
  return summary.body.subscription;
}

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  it('Team 5 seats → 4 at the renewal → Cancel → Resume: the decrease is back and the next charge is $48.00', async () => {
    const slug = `seats-${size.name}-${run}`;
    const owner = await newPerson(size, 'Rhea Resume', `resume-${size.name}-${run}@example.test`);
    await subscribedWorkspace(owner, slug, { plan: 'team', interval: 'month', seats: 5 });
    await expect.poll(() => owner.getByTestId('next-charge-amount').innerText()).toBe('$60.00');

    await owner.getByRole('button', { name: 'Update quantity' }).click();
    const seats = owner.getByRole('dialog', { name: 'Update quantity' });
    await seats.getByLabel('Seats').fill('4');
    await expect
      .poll(() => seats.getByTestId('change-preview-effective').innerText())
      .toBe('Takes effect on Apr 10, 2030');
    await dialogScreenshot(owner, `consequences-seats-dialog-${size.name}`);
    await expectAccessible(owner, `Update quantity dialog (${size.name})`);
    await seats.getByRole('button', { name: 'Schedule change' }).click();
    await seats.waitFor({ state: 'hidden' });
    const card = owner.getByTestId('current-plan');
    await expect
      .poll(() => owner.getByTestId('current-plan-scheduled-change').innerText())
      .toBe('Changes to Team (4 seats) on Apr 10, 2030');
    // 4 seats × $12.00 = $48.00
    expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$48.00');

    await card.getByRole('button', { name: 'Cancel', exact: true }).click();
    const cancel = owner.getByRole('dialog', { name: 'Cancel Team?' });
    await expect
      .poll(() => cancel.getByTestId('consequence-free').innerText())
      .toBe('Then the workspace moves to the Free plan on Apr 10, 2030; its members and data stay.');
    expect(await cancel.getByTestId('cancel-plan-text').innerText()).toContain(
      'Team stays active until Apr 10, 2030, the end of the period already paid for.',
    );
    expect(await cancel.getByTestId('consequence-no-invoice').innerText()).toBe('No further invoices.');
    expect(await cancel.getByTestId('consequence-resume-keeps').innerText()).toBe(
      'If you resume, the change to Team (4 seats) on Apr 10, 2030 still happens.',
    );
    // The owner alone fits Free, and Team grants no credits.
    expect(await cancel.getByTestId('consequence-members').count()).toBe(0);
    expect(await cancel.getByTestId('consequence-credits').count()).toBe(0);
    await dialogScreenshot(owner, `consequences-cancel-resume-${size.name}`);
    await expectAccessible(owner, `Cancel dialog (${size.name})`);
    await keepShot(`consequences-cancel-resume-${size.name}`);
    await cancel.getByRole('button', { name: 'Cancel plan' }).click();
    await cancel.waitFor({ state: 'hidden' });
    expect(await confirmationShown(owner, 'Plan canceled')).toBe(
      'Team stays active until Apr 10, 2030, then the workspace moves to Free. You can resume it until then.',
    );

    await expect
      .poll(() => owner.getByTestId('current-plan-active-until').innerText())
      .toBe('Active until Apr 10, 2030');
    expect(await card.innerText()).toContain('then the Free plan');
    expect(await owner.getByTestId('current-plan-resume-keeps').innerText()).toBe(
      'Resuming keeps the change to Team (4 seats) on Apr 10, 2030',
    );
    expect(await owner.getByTestId('current-plan-scheduled-change').count()).toBe(0);
    expect(await owner.getByTestId('next-charge-none').count()).toBe(1);
    expect(await subscriptionOf(owner, slug)).toMatchObject({
      cancelAtPeriodEnd: true,
      scheduledChange: null,
      scheduledChangeOnResume: { plan: { id: 'team' }, seats: 4 },
    });
    await cardShot(owner, `consequences-card-canceled-${size.name}`);

    await card.getByRole('button', { name: 'Resume' }).click();
    await expect
      .poll(() => owner.getByTestId('current-plan-scheduled-change').innerText())
      .toBe('Changes to Team (4 seats) on Apr 10, 2030');
    expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$48.00');
    expect(await owner.getByTestId('current-plan-active-until').count()).toBe(0);
    expect(await owner.getByTestId('current-plan-resume-keeps').count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Resume' }).count()).toBe(0);
    await cardShot(owner, `consequences-card-resumed-${size.name}`);

    // The renewal applies it: 4 seats, $48.00 charged.
    await advanceClock(owner, slug, afterPeriodEnd);
    await expect.poll(() => owner.getByTestId('seats-max').innerText()).toBe('4');
    expect(await owner.getByTestId('current-plan-name').innerText()).toBe('Team');
    const newest = owner.getByTestId('invoice-row').first();
    await expect.poll(() => newest.getByTestId('invoice-amount').innerText()).toBe('$48.00');
    await owner.context().close();
  });

  it('Pro Starter → Flex Credits: a change scheduled for the period end, not a cancel, and no Resume', async () => {
    const slug = `flex-${size.name}-${run}`;
    const owner = await newPerson(size, 'Felix Flex', `flex-${size.name}-${run}@example.test`);
    await subscribedWorkspace(owner, slug, { plan: 'pro', tier: 'starter', interval: 'month' });
    await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Pro Subscription · Starter');

    // A cancel would end the period's 10,000 Pro credits too; keeping the plan changes nothing.
    await owner.getByTestId('current-plan').getByRole('button', { name: 'Cancel', exact: true }).click();
    const cancel = owner.getByRole('dialog', { name: 'Cancel Pro Starter?' });
    await expect
      .poll(() => cancel.getByTestId('consequence-credits').innerText())
      .toBe('10,000 credits expire on Apr 10, 2030.');
    expect(await cancel.getByTestId('consequence-no-invoice').innerText()).toBe('No further invoices.');
    await cancel.getByRole('button', { name: 'Keep Pro Starter' }).click();
    await cancel.waitFor({ state: 'hidden' });

    await owner.getByRole('button', { name: 'Change plan' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Change plan' });
    await dialog.getByRole('radio', { name: /^Flex Credits/ }).click();
    await expect
      .poll(() => dialog.getByTestId('change-preview-effective').innerText())
      .toBe('Takes effect on Apr 10, 2030');
    // The period's 10,000 Pro credits end with it.
    expect(await dialog.getByTestId('consequence-credits').innerText()).toBe('10,000 credits expire on Apr 10, 2030.');
    expect(await dialog.getByTestId('consequence-no-invoice').innerText()).toBe(
      'No further plan invoices: Flex Credits invoices only the credit packs you buy.',
    );
    expect(await dialog.getByTestId('consequence-members').count()).toBe(0);
    // On a phone the preview is below the plans.
    await dialog.getByTestId('change-preview-consequences').scrollIntoViewIfNeeded();
    await dialogScreenshot(owner, `consequences-flex-preview-${size.name}`);
    await keepShot(`consequences-flex-preview-${size.name}`);
    await dialog.getByRole('button', { name: 'Schedule change' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const card = owner.getByTestId('current-plan');
    await expect
      .poll(() => owner.getByTestId('current-plan-scheduled-change').innerText())
      .toBe('Changes to Flex Credits on Apr 10, 2030');
    expect(await card.innerText()).not.toContain('then the Free plan');
    expect(await owner.getByTestId('current-plan-active-until').count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Resume' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(1);
    expect(await owner.getByTestId('next-charge-none').count()).toBe(1);
    const subscription = await subscriptionOf(owner, slug);
    expect(subscription).toMatchObject({ cancelAtPeriodEnd: false, scheduledChangeOnResume: null });
    expect(subscription.scheduledChange).toEqual({
      plan: { id: 'flex', name: 'Flex Credits' },
      tier: null,
      interval: null,
      seats: null,
      effectiveAt: '2030-04-10T12:00:00.000Z',
    });
    await cardShot(owner, `consequences-card-flex-${size.name}`);

    await advanceClock(owner, slug, afterPeriodEnd);
    await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Flex Credits');
    await owner.context().close();
  });

  it('Pro Growth half-way: Starter waits for the renewal and says its credits end; yearly Growth is due today, prorated', async () => {
    const slug = `tier-${size.name}-${run}`;
    const owner = await newPerson(size, 'Tilda Tier', `tier-${size.name}-${run}@example.test`);
    // Growth subscribed to first starts a 14-day trial (config/plans.json); this is about a paid month of Growth, so
    // the workspace takes Starter and upgrades at once: −$49.00 + $199.00 = $150.00, Growth from Mar 10 to Apr 10.
    await subscribedWorkspace(owner, slug, { plan: 'pro', tier: 'starter', interval: 'month' });
    const upgraded = await callApi(owner, 'POST', `/v1/workspaces/${slug}/subscription`, {
      plan: 'pro',
      tier: 'growth',
    });
    expect(upgraded.status, JSON.stringify(upgraded.body)).toBe(200);
    expect(upgraded.body.invoice).toMatchObject({ total: 15_000, status: 'paid' });
    // Mar 25 of a Mar 10 – Apr 10 period: 16 of its 31 days are left.
    await advanceClock(owner, slug, '2030-03-25T12:00:00Z');
    await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Pro Subscription · Growth');

    await owner.getByRole('button', { name: 'Change plan' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Change plan' });
    await dialog.getByRole('radio', { name: /^Pro Starter/ }).click();
    await expect
      .poll(() => dialog.getByTestId('change-preview-effective').innerText())
      .toBe('Takes effect on Apr 10, 2030');
    expect(await dialog.getByTestId('change-preview-next-charge').innerText()).toBe('Then $49.00 on Apr 10, 2030');
    // Growth's 50,000 credits of this period end with it; Starter grants its own from the renewal.
    expect(await dialog.getByTestId('consequence-credits').innerText()).toBe('50,000 credits expire on Apr 10, 2030.');
    expect(await dialog.getByTestId('consequence-members').count()).toBe(0);
    expect(await dialog.getByTestId('consequence-no-invoice').count()).toBe(0);
    await dialog.getByTestId('change-preview').scrollIntoViewIfNeeded();
    await dialogScreenshot(owner, `consequences-tier-down-${size.name}`);
    await keepShot(`consequences-tier-down-${size.name}`);
    await expectAccessible(owner, `Change plan dialog, a tier scheduled (${size.name})`);

    // Growth billed yearly starts now: the unused 16/31 of the month ($199.00 × 16 / 31 = $102.71) is credited.
    await dialog.getByText('Yearly', { exact: true }).click();
    await dialog.getByRole('radio', { name: /^Pro Growth/ }).click();
    await expect.poll(() => dialog.getByTestId('change-preview-due').innerText()).toBe('$1,887.29');
    expect(await dialog.getByTestId('change-preview-line').allInnerTexts()).toEqual([
      'Unused time on Pro Growth (monthly)',
      'Pro Growth (yearly)',
    ]);
    expect(await dialog.getByTestId('change-preview').innerText()).toContain('-$102.71');
    expect(await dialog.getByTestId('change-preview-next-charge').innerText()).toBe('Then $1,990.00 on Mar 25, 2031');
    expect(await dialog.getByTestId('change-preview-consequences').count()).toBe(0);

    // Back to Starter, monthly: scheduled, shown on the plan card with Starter's price next.
    await dialog.getByText('Monthly', { exact: true }).click();
    await dialog.getByRole('radio', { name: /^Pro Starter/ }).click();
    await expect
      .poll(() => dialog.getByTestId('change-preview-effective').innerText())
      .toBe('Takes effect on Apr 10, 2030');
    await dialog.getByRole('button', { name: 'Schedule change' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => owner.getByTestId('current-plan-scheduled-change').innerText())
      .toBe('Changes to Pro Starter on Apr 10, 2030');
    expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$49.00');
    expect((await subscriptionOf(owner, slug)).scheduledChange).toMatchObject({
      plan: { id: 'pro' },
      tier: { id: 'starter' },
      effectiveAt: '2030-04-10T12:00:00.000Z',
    });
    await cardShot(owner, `consequences-card-tier-${size.name}`);

    await advanceClock(owner, slug, afterPeriodEnd);
    await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Pro Subscription · Starter');
    await owner.context().close();
  });

  it('3 members and 2 invites on Team: Free and Cancel are accepted and say so; on Free the seats line says so', async () => {
    const slug = `over-${size.name}-${run}`;
    const owner = await newPerson(size, 'Olga Over', `over-${size.name}-${run}@example.test`);
    await subscribedWorkspace(owner, slug, { plan: 'team', interval: 'month', seats: 5 });
    for (const who of ['ada', 'ben']) {
      const email = `${who}-${size.name}-${run}@example.test`;
      const sent = await callApi(owner, 'POST', `/v1/workspaces/${slug}/invites`, { email });
      expect(sent.status).toBe(201);
      const member = await newPerson(size, who, email);
      const accepted = await callApi(member, 'POST', `/v1/invites/${sent.body.id}/accept`);
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      await member.context().close();
    }
    for (const who of ['cy', 'dee']) {
      const sent = await callApi(owner, 'POST', `/v1/workspaces/${slug}/invites`, {
        email: `${who}-${size.name}-${run}@example.test`,
      });
      expect(sent.status).toBe(201);
    }
    await owner.reload();
    await expect.poll(() => owner.getByTestId('seats-used').innerText()).toBe('5 of 5 used');
    const overLimit =
      '5 people hold a seat (3 members, 2 pending invites) and Free allows 3: everyone stays, but no new invites ' +
      'can be sent until members are removed or the plan is upgraded.';

    // Change plan: Free can be chosen, and its preview says what it means.
    await owner.getByRole('button', { name: 'Change plan' }).click();
    const change = owner.getByRole('dialog', { name: 'Change plan' });
    const free = change.getByRole('radio', { name: /^Free/ });
    await free.waitFor();
    expect(await free.isDisabled()).toBe(false);
    await free.click();
    await expect
      .poll(() => change.getByTestId('change-preview-effective').innerText())
      .toBe('Takes effect on Apr 10, 2030');
    expect(await change.getByTestId('consequence-members').innerText()).toBe(overLimit);
    expect(await change.getByTestId('consequence-no-invoice').innerText()).toBe('No further invoices.');
    // On a phone the preview is below the plans.
    await change.getByTestId('change-preview-consequences').scrollIntoViewIfNeeded();
    await dialogScreenshot(owner, `consequences-free-preview-${size.name}`);
    await keepShot(`consequences-free-preview-${size.name}`);
    await change.getByRole('button', { name: 'Cancel', exact: true }).click();
    await change.waitFor({ state: 'hidden' });

    // Cancel ends on Free just the same, and says so.
    await owner.getByTestId('current-plan').getByRole('button', { name: 'Cancel', exact: true }).click();
    const cancel = owner.getByRole('dialog', { name: 'Cancel Team?' });
    await expect.poll(() => cancel.getByTestId('consequence-members').innerText()).toBe(overLimit);
    expect(await cancel.getByTestId('consequence-free').innerText()).toBe(
      'Then the workspace moves to the Free plan on Apr 10, 2030; its members and data stay.',
    );
    expect(await cancel.getByTestId('consequence-no-invoice').innerText()).toBe('No further invoices.');
    expect(await cancel.getByTestId('consequence-resume-keeps').count()).toBe(0);
    await dialogScreenshot(owner, `consequences-cancel-over-limit-${size.name}`);
    await keepShot(`consequences-cancel-over-limit-${size.name}`);
    await cancel.getByRole('button', { name: 'Cancel plan' }).click();
    await cancel.waitFor({ state: 'hidden' });
    await expect
      .poll(() => owner.getByTestId('current-plan-active-until').innerText())
      .toBe('Active until Apr 10, 2030');

    await advanceClock(owner, slug, afterPeriodEnd);
    await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Free');
    expect(await owner.getByTestId('seats-used').innerText()).toBe('5 of 3 used');
    expect(await owner.getByTestId('seats-over-limit-badge').innerText()).toBe('Over the limit');
    expect(await owner.getByTestId('seats-over-limit').innerText()).toBe(
      '5 people hold a seat (3 members, 2 pending invites) and Free allows 3. Everyone stays, but new invites wait ' +
        'until members are removed or the plan is upgraded.',
    );
    expect(await owner.getByTestId('seats-full').count()).toBe(0);
    expect(await owner.getByTestId('seats-active').innerText()).toBe('3');
    // Members stayed; a new invite is refused.
    const refused = await callApi(owner, 'POST', `/v1/workspaces/${slug}/invites`, {
      email: `eve-${size.name}-${run}@example.test`,
    });
    expect(refused.status).toBe(409);
    await dialogsClosed(owner);
    await owner.getByTestId('usage').screenshot({ path: join(shotsDir, `consequences-usage-free-${size.name}.png`) });
    await cardShot(owner, `consequences-card-free-${size.name}`);
    await screenshot(owner, `consequences-page-free-${size.name}`);
    await keepShot(`consequences-page-free-${size.name}`);
    await owner.context().close();
  });
});

describe('plans other than Free over their user limit', () => {
  it('Pro (up to 25 users) is still refused for 27 seat holders: unavailable in Change plan, 409 from the API', async () => {
    const slug = `pro-limit-${run}`;
    const owner = await newPerson(screenSizes[0], 'Paula Limit', `pro-limit-${run}@example.test`);
    await subscribedWorkspace(owner, slug, { plan: 'team', interval: 'month', seats: 27 });
    for (let i = 0; i < 26; i++) {
      const sent = await callApi(owner, 'POST', `/v1/workspaces/${slug}/invites`, {
        email: `guest-${i}-${run}@example.test`,
      });
      expect(sent.status).toBe(201);
    }
    const refused = await callApi(
      owner,
      'GET',
      `/v1/workspaces/${slug}/subscription/preview?plan=pro&tier=starter&interval=month`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'seats_below_usage', param: 'plan' });

    await owner.reload();
    await owner.getByRole('button', { name: 'Change plan' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Change plan' });
    const pro = dialog.getByRole('radio', { name: /^Pro Starter/ });
    await pro.waitFor();
    expect(await pro.isDisabled()).toBe(true);
    expect(await pro.innerText()).toContain('Up to 25 users; this workspace has 27 with pending invites');
    // Free takes them all, and says what that means.
    await dialog.getByRole('radio', { name: /^Free/ }).click();
    await expect
      .poll(() => dialog.getByTestId('consequence-members').innerText())
      .toContain('27 people hold a seat (1 member, 26 pending invites) and Free allows 3');
    await owner.context().close();
  });
});
