// The foundation as people use it: sign up, create a workspace, invite, accept, see Plan & Billing
// (owner) or the no-access page (member), and hit the seat limit.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshotDir, startServer } from './support/running-server.ts';

let server: RunningServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  // Each step runs even if the one before it failed, so no server or browser outlives the run.
  await browser?.close().catch(() => {});
  await server?.stop();
});

function baseUrl(): string {
  if (!server) throw new Error('the server did not start');
  return server.baseUrl;
}

async function newPage(): Promise<Page> {
  if (!browser) throw new Error('the browser did not start');
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

async function fillSignUp(page: Page, name: string, email: string) {
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
const workspaceName = `Acme ${run}`;
const slug = `acme-${run}`;

describe('workspace foundation in the browser', () => {
  let owner: Page;
  let member: Page;
  let thirdInviteLink: string;

  it('lets a new user sign up and create a workspace, landing on its members page', async () => {
    owner = await newPage();
    await owner.goto('/sign-up');
    await fillSignUp(owner, 'Olivia Owner', ownerEmail);
    await owner.waitForURL('**/new');
    await owner.getByLabel('Workspace name').fill(workspaceName);
    // The slug is suggested from the name.
    expect(await owner.getByLabel('URL slug').inputValue()).toBe(slug);
    await owner.getByRole('button', { name: 'Create workspace' }).click();
    await owner.waitForURL(`**/w/${slug}/members`);
    await expect.poll(() => owner.getByTestId('members-table').innerText()).toContain(ownerEmail);
    expect(await owner.getByTestId('workspace-switcher').innerText()).toContain(workspaceName);
    // An owner manages members: a role picker on each row.
    expect(await owner.getByRole('textbox', { name: `Role of ${ownerEmail}` }).inputValue()).toBe('Owner');
  });

  it('shows sign-in errors inline', async () => {
    const stranger = await newPage();
    await stranger.goto('/sign-in');
    await stranger.getByLabel('Email').fill(ownerEmail);
    await stranger.getByLabel('Password').fill('not-the-password');
    await stranger.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => stranger.getByTestId('auth-error').innerText()).toMatch(/invalid email or password/i);
    expect(new URL(stranger.url()).pathname).toBe('/sign-in');
  });

  it('invites a teammate, who signs up from the link and joins', async () => {
    await invite(owner, memberEmail);
    await owner.getByTestId('invite-sent').waitFor();
    const row = owner.getByTestId('invite-row').filter({ hasText: memberEmail });
    const link = await row.getByTestId('invite-link').innerText();
    expect(link).toMatch(new RegExp(`^${baseUrl()}/invites/invite_`));
    await screenshot(owner, 'members');

    member = await newPage();
    await member.goto(link);
    await expect
      .poll(() => member.getByTestId('invite-sign-in-prompt').innerText())
      .toBe(`Sign in or create an account with ${memberEmail} to accept this invite.`);
    await member.getByRole('link', { name: 'Create account' }).click();
    await member.waitForURL('**/sign-up?**');
    // The invited address comes along to the sign-up form.
    expect(await member.getByLabel('Email').inputValue()).toBe(memberEmail);
    await fillSignUp(member, 'Max Member', memberEmail);
    await member.waitForURL('**/invites/**');
    await expect.poll(() => member.getByTestId('invite-workspace').innerText()).toBe(workspaceName);
    expect(await member.getByTestId('invite-role').innerText()).toMatch(/^member$/i);
    expect(await member.getByTestId('invite-accept').innerText()).toContain('Invited by Olivia Owner');
    await screenshot(member, 'invite-accept');
    await member.getByRole('button', { name: `Accept and join ${workspaceName}` }).click();
    // A member may not see billing, so the workspace opens on Members.
    await member.waitForURL(`**/w/${slug}/members`);
    await expect.poll(() => member.getByTestId('members-table').innerText()).toContain(memberEmail);
    expect(await member.getByTestId('workspace-switcher').innerText()).toContain(workspaceName);
    // A plain member is not offered what the server would refuse.
    expect(await member.getByTestId('invite-form').count()).toBe(0);
    expect(await member.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    expect(await member.getByRole('textbox', { name: /^Role of / }).count()).toBe(0);
  });

  it('shows the owner Plan & Billing: Free, 2 active users of 3, none pending', async () => {
    await owner.getByTestId('profile-menu').click();
    await owner.getByRole('menuitem', { name: 'Plan & Billing' }).click();
    await owner.waitForURL(`**/w/${slug}/billing`);
    await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Free');
    expect(await owner.getByTestId('current-plan-status').innerText()).toMatch(/^active$/i);
    expect(await owner.getByTestId('current-plan-summary').innerText()).toContain('Free plan — up to 3 users');
    expect(await owner.getByTestId('seats-active').innerText()).toBe('2');
    expect(await owner.getByTestId('seats-max').innerText()).toBe('3');
    expect(await owner.getByTestId('seats-pending').innerText()).toBe('0');
    expect(await owner.getByTestId('seats-used').innerText()).toBe('2 of 3 used');
    expect(await owner.getByRole('heading', { level: 1 }).innerText()).toBe('Plan & Billing');
    await screenshot(owner, 'billing-owner');

    await owner.getByRole('link', { name: 'Invite users' }).click();
    await owner.waitForURL(`**/w/${slug}/members?invite=1`);
    // The invite form is ready to type into.
    await expect.poll(() => owner.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('email');
  });

  it('shows a member without billing access a clear no-access page', async () => {
    await member.goto(`/w/${slug}/billing`);
    await member.getByTestId('no-billing-access').waitFor();
    const text = await member.getByTestId('no-billing-access').innerText();
    expect(text).toContain("You don't have access to billing");
    expect(text).toContain(`Ask an owner of ${workspaceName} to give you the Billing role.`);
    expect(await member.getByTestId('seats-active').count()).toBe(0);
    expect(await member.getByTestId('current-plan').count()).toBe(0);
    await screenshot(member, 'billing-no-access');
  });

  it('says so when a workspace does not exist or is not yours', async () => {
    await member.goto('/w/no-such-workspace/billing');
    await expect.poll(() => member.getByTestId('workspace-not-found').innerText()).toContain('Workspace not found');
  });

  it('signs out, and signs back in straight to the page that was asked for', async () => {
    await member.goto(`/w/${slug}/members`);
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
    const thirdEmail = `third-${run}@example.test`;
    await invite(owner, thirdEmail);
    await owner.getByTestId('invite-sent').waitFor();
    thirdInviteLink = await owner
      .getByTestId('invite-row')
      .filter({ hasText: thirdEmail })
      .getByTestId('invite-link')
      .innerText();
    await invite(owner, `fourth-${run}@example.test`);
    await owner.getByTestId('invite-error').waitFor();
    const error = owner.getByTestId('invite-error');
    const message = await error.innerText();
    expect(message).toContain('All 3 seats are in use (2 members, 1 pending invite)');
    expect(message).toContain('Upgrade to a paid plan on the Plan & Billing page');
    expect(await error.getByRole('link', { name: 'Go to Plan & Billing' }).getAttribute('href')).toBe(
      `/w/${slug}/billing`,
    );
    // Only the invite that fitted was made.
    await expect.poll(() => owner.getByTestId('invite-row').count()).toBe(1);
    await screenshot(owner, 'seat-limit');

    await owner.goto(`/w/${slug}/billing`);
    await expect.poll(() => owner.getByTestId('seats-pending').innerText()).toBe('1');
    expect(await owner.getByTestId('seats-used').innerText()).toBe('3 of 3 used');
  });

  it('tells someone signed in with another account that the invite is not theirs', async () => {
    await member.goto(thirdInviteLink);
    await member.getByTestId('invite-error').waitFor();
    expect(await member.getByTestId('invite-error').innerText()).toContain(
      "This invite is not for the account you're signed in with",
    );
    expect(await member.getByRole('button', { name: /Accept/ }).count()).toBe(0);
    await screenshot(member, 'invite-wrong-account');
  });
});
