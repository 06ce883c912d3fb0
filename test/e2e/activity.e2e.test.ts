// The Activity card on Plan & Billing, at desktop and phone sizes: who changed the plan and the seats (by name and
// role), what Billfold itself did (the renewal, as the system), newest first with Load more; hidden from those who
// do not manage billing.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  callApi,
  callApiOk,
  dialogsClosed,
  expectAccessible,
  pageSessionForThisFile,
  patiently,
  screenSizes,
} from './support/page-session.ts';
import { screenshotDir } from './support/running-server.ts';

const { newPerson } = pageSessionForThisFile();

const run = Date.now().toString(36);
const day = 86_400_000;

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  const slug = `activity-${size.name}-${run}`;
  const ownerName = `Ada Activity ${size.name}`;
  let owner: Page;

  it('lists seat changes with the owner’s name and role, and the renewal as Billfold’s own', async () => {
    owner = await newPerson(size, ownerName, `activity-${size.name}-${run}@example.test`);
    await callApiOk(owner, 'POST', '/v1/workspaces', { name: `Activity ${size.name}`, slug });
    // A clock of the workspace's own, so the renewal can be brought forward.
    const start = Date.now();
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/test-clock`, { frozenTime: new Date(start).toISOString() });
    const token = await callApiOk(owner, 'POST', '/sandbox/v1/tokens', {
      number: '4242 4242 4242 4242',
      expMonth: 12,
      expYear: 2034,
      cvc: '123',
    });
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/payment-methods`, { token: token.id, makeDefault: true });
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/subscription`, {
      plan: 'team',
      interval: 'month',
      seats: 3,
    });
    // Six increases, each charged now: more entries than one page of the list holds (15).
    for (let seats = 4; seats <= 9; seats++)
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/subscription/seats`, { seats });
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/test-clock/advance`, {
      to: new Date(start + 32 * day).toISOString(),
    });

    await owner.goto(`/w/${slug}/billing`);
    const card = owner.getByRole('region', { name: 'Activity' });
    const entries = card.getByTestId('activity-entry');
    await expect.poll(() => entries.count(), patiently).toBeGreaterThan(0);
    // Newest first: the renewal, by Billfold itself.
    const renewal = card.getByTestId('activity-entry').filter({ hasText: 'Renewed the subscription' }).first();
    expect(await renewal.getByTestId('activity-actor').innerText()).toBe('Billfold (system)');
    const summaries = await card.getByTestId('activity-summary').allInnerTexts();
    const renewalAt = summaries.findIndex((s) => s.startsWith('Renewed the subscription'));
    const lastSeatsAt = summaries.indexOf('Set max users from 8 to 9');
    expect(renewalAt).toBeGreaterThanOrEqual(0);
    expect(lastSeatsAt).toBeGreaterThan(renewalAt);
    // The seat change, with who made it.
    const seatChange = entries.filter({ hasText: 'Set max users from 8 to 9' });
    expect(await seatChange.getByTestId('activity-actor').innerText()).toBe(`${ownerName} · Owner`);
    expect(await seatChange.getByTestId('activity-time').innerText()).not.toBe('');
    expect(summaries.indexOf('Set max users from 7 to 8')).toBeGreaterThan(lastSeatsAt);

    // One page at a time: Load more brings the oldest, the subscription itself and the card.
    const firstPage = await entries.count();
    expect(firstPage).toBe(15);
    await card.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => entries.count(), patiently).toBeGreaterThan(firstPage);
    const all = await card.getByTestId('activity-summary').allInnerTexts();
    expect(all).toContain('Subscribed to Team (monthly), 3 seats');
    expect(all.some((s) => s.startsWith('Added Visa ending 4242'))).toBe(true);
    expect(all.indexOf('Subscribed to Team (monthly), 3 seats')).toBeGreaterThan(
      all.indexOf('Set max users from 3 to 4'),
    );

    // The card is the last section, and nothing on the page is wider than the viewport.
    const titles = await owner
      .locator('section[aria-labelledby]')
      .evaluateAll((sections) =>
        sections.map((s) => document.getElementById(s.getAttribute('aria-labelledby') ?? '')?.textContent),
      );
    expect(titles.at(-1)).toBe('Activity');
    expect(await owner.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await dialogsClosed(owner);
    await expectAccessible(owner, 'Plan & Billing with the Activity card');
    // The card cut out of a full-page shot taken from the top: a shot of the element alone scrolls to it, and the
    // fixed header then paints over its middle.
    await owner.evaluate(() => window.scrollTo(0, 0));
    const box = await card.boundingBox();
    if (!box) throw new Error('the Activity card is not laid out');
    await owner.screenshot({ path: join(screenshotDir, `activity-${size.name}.png`), fullPage: true, clip: box });
  });

  it('is not shown to a member who does not manage billing', async () => {
    const memberEmail = `activity-member-${size.name}-${run}@example.test`;
    const invite = await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/invites`, {
      email: memberEmail,
      role: 'member',
    });
    const member = await newPerson(size, 'Max Member', memberEmail);
    await callApiOk(member, 'POST', `/v1/invites/${invite.id}/accept`, {});
    await member.goto(`/w/${slug}/billing`);
    await member.getByTestId('no-billing-access').waitFor();
    expect(await member.getByTestId('activity').count()).toBe(0);
    expect((await callApi(member, 'GET', `/v1/workspaces/${slug}/activity`)).status).toBe(403);
  });
});
