// The foundation as people use it: sign up, create a workspace, invite, accept, see Plan & Billing
// (owner) or the no-access page (member), and hit the seat limit.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshotDir, startServer } from './support/running-server.ts';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

async function signUp(page: Page, name: string, email: string, path = '/sign-up') {
  await page.goto(path);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct-horse-battery');
  await page.getByRole('button', { name: 'Create account' }).click();
}

async function invite(page: Page, email: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send invite' }).click();
}

const run = Date.now().toString(36);
const ownerEmail = `owner-${run}@example.test`;
const memberEmail = `member-${run}@example.test`;
const slug = `acme-${run}`;

describe('workspace foundation in the browser', () => {
  let owner: Page;
  let member: Page;

  it('lets a new user sign up and create a workspace, landing on its members page', async () => {
    owner = await newPage();
    await signUp(owner, 'Olivia Owner', ownerEmail);
    await owner.waitForURL('**/new');
    await owner.getByLabel('Workspace name').fill(`Acme ${run}`);
    await owner.getByLabel('URL slug').fill(slug);
    await owner.getByRole('button', { name: 'Create workspace' }).click();
    await owner.waitForURL(`**/w/${slug}/members`);
    await expect.poll(() => owner.getByTestId('members-table').innerText()).toContain(ownerEmail);
  });

  it('invites a teammate, who signs up from the link and joins', async () => {
    await invite(owner, memberEmail);
    await owner.getByTestId('invite-sent').waitFor();
    const link = await owner.getByTestId('invite-link').first().innerText();
    expect(link).toMatch(new RegExp(`^${server.baseUrl}/invites/invite_`));
    await owner.screenshot({ path: join(screenshotDir, 'members.png'), fullPage: true });

    member = await newPage();
    await member.goto(link);
    await member.getByRole('link', { name: 'Create account' }).click();
    await signUp(member, 'Max Member', memberEmail, member.url());
    await member.waitForURL('**/invites/**');
    await expect.poll(() => member.getByTestId('invite-accept').innerText()).toContain(`Acme ${run}`);
    await member.screenshot({ path: join(screenshotDir, 'invite-accept.png'), fullPage: true });
    await member.getByRole('button', { name: /Accept and join/ }).click();
    await member.waitForURL(`**/w/${slug}/members`);
    await expect.poll(() => member.getByTestId('members-table').innerText()).toContain(memberEmail);
    // A plain member is not offered what the server would refuse.
    expect(await member.getByTestId('invite-form').count()).toBe(0);
    expect(await member.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
  });

  it('shows the owner Plan & Billing: Free, 2 active users of 3, none pending', async () => {
    await owner.goto(`/w/${slug}/billing`);
    await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Free');
    expect(await owner.getByTestId('current-plan-status').innerText()).toMatch(/active/i);
    expect(await owner.getByTestId('seats-active').innerText()).toBe('2');
    expect(await owner.getByTestId('seats-max').innerText()).toBe('3');
    expect(await owner.getByTestId('seats-pending').innerText()).toBe('0');
    await owner.screenshot({ path: join(screenshotDir, 'billing-owner.png'), fullPage: true });

    await owner.getByRole('link', { name: 'Invite users' }).click();
    await owner.waitForURL(`**/w/${slug}/members?invite=1`);
  });

  it('shows a member without billing access a clear no-access page', async () => {
    await member.goto(`/w/${slug}/billing`);
    await member.getByTestId('no-billing-access').waitFor();
    const text = await member.getByTestId('no-billing-access').innerText();
    expect(text).toContain("You don't have access to billing");
    expect(text).toContain(`Ask an owner of Acme ${run}`);
    expect(await member.getByTestId('seats-active').count()).toBe(0);
    await member.screenshot({ path: join(screenshotDir, 'billing-no-access.png'), fullPage: true });
  });

  it('signs out, and signs back in straight to the page that was asked for', async () => {
    await member.getByTestId('profile-menu').click();
    await member.getByRole('menuitem', { name: 'Sign out' }).click();
    await member.waitForURL('**/sign-in');
    await member.goto(`/w/${slug}/members`);
    await member.waitForURL('**/sign-in?next=**');
    await member.getByLabel('Email').fill(memberEmail);
    await member.getByLabel('Password').fill('correct-horse-battery');
    await member.getByRole('button', { name: 'Sign in' }).click();
    await member.waitForURL(`**/w/${slug}/members`);
    await expect.poll(() => member.getByTestId('members-table').innerText()).toContain(ownerEmail);
  });

  it('refuses an invite past the seat limit and says how to add seats', async () => {
    await owner.goto(`/w/${slug}/members`);
    await invite(owner, `third-${run}@example.test`);
    await owner.getByTestId('invite-sent').waitFor();
    await invite(owner, `fourth-${run}@example.test`);
    await owner.getByTestId('invite-error').waitFor();
    const message = await owner.getByTestId('invite-error').innerText();
    expect(message).toContain('All 3 seats are in use (2 members, 1 pending invite)');
    expect(message).toContain('Upgrade to a paid plan on the Plan & Billing page');
    await expect.poll(() => owner.getByTestId('invite-row').count()).toBe(1);
    await owner.screenshot({ path: join(screenshotDir, 'seat-limit.png'), fullPage: true });
  });
});
