// The screens around the workspace pages, checked with axe at desktop and phone sizes: sign-in and sign-up (empty
// and after a refused submit), create a workspace, a workspace that does not exist, and the local mailbox page
// (the list and one email). No serious or critical WCAG 2.1 AA violation, and no sideways scrolling on a phone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  callApiOk,
  expectAccessible,
  pageSessionForThisFile,
  patiently,
  screenSizes,
  screenshot,
} from './support/page-session.ts';

const session = pageSessionForThisFile();
const run = Date.now().toString(36);

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

function mailboxUrl(): string {
  const url = session.serverOutput().match(/Emails:\s+(\S+\/mailbox\/\S+)/)?.[1];
  if (!url) throw new Error(`the banner names no mailbox page:\n${session.serverOutput()}`);
  return url;
}

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  it('sign-in and sign-up are accessible, empty and after a refused submit', async () => {
    const context = await session.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: size.width, height: size.height });

    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'sign-in');
    await page.getByLabel('Email').fill(`nobody-${size.name}-${run}@example.test`);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').count(), patiently).toBeGreaterThan(0);
    await expectAccessible(page, 'sign-in refused');
    await screenshot(page, `a11y-sign-in-refused-${size.name}`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.goto('/sign-up');
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    await expectAccessible(page, 'sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectAccessible(page, 'sign-up with missing fields');
    await screenshot(page, `a11y-sign-up-${size.name}`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('the API reference reads at this size: its operations listed, no sideways scrolling', async () => {
    const context = await session.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto('/docs');
    await expect.poll(() => page.locator('.opblock').count(), patiently).toBeGreaterThan(20);
    expect(await page.getByText('/v1/workspaces/{ws}/billing', { exact: true }).count()).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, `api-reference-${size.name}`);
    await context.close();
  });

  it('create a workspace and a workspace that does not exist are accessible', async () => {
    const page = await session.newPerson(size, `Axe ${size.name}`, `axe-${size.name}-${run}@example.test`);
    await page.getByRole('button', { name: /Create workspace/ }).waitFor();
    await expectAccessible(page, 'create workspace');
    await screenshot(page, `a11y-create-workspace-${size.name}`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.goto(`/w/no-such-workspace-${run}/billing`);
    await expect.poll(() => page.locator('h1, h2').allInnerTexts(), patiently).not.toEqual([]);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'workspace not found');
    await screenshot(page, `a11y-not-found-${size.name}`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // An invitation puts an email in the local mailbox.
    const slug = `axe-${size.name}-${run}`;
    await callApiOk(page, 'POST', '/v1/workspaces', { name: `Axe ${size.name}`, slug });
    await callApiOk(page, 'POST', `/v1/workspaces/${slug}/invites`, {
      email: `axe-invitee-${size.name}-${run}@example.test`,
      role: 'member',
    });
    await expect
      .poll(async () => {
        await page.goto(mailboxUrl());
        return page.locator('.subject').count();
      }, patiently)
      .toBeGreaterThan(0);
    await expectAccessible(page, 'mailbox list');
    await page.locator('li').first().getByRole('link').click();
    await page.locator('h1').waitFor();
    // The email's HTML sits in a sandboxed frame, where no script runs (axe's neither: it would wait forever): the
    // page is checked around it.
    await page.locator('iframe').evaluate((frame) => frame.remove());
    await expectAccessible(page, 'mailbox email');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
