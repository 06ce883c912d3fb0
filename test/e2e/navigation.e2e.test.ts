// Every way in, at desktop and phone sizes: the workspace switcher's Manage workspace (to Plan & Billing) and, on
// Flex, Add credits (the Credits card's purchase dialog); the current plan's name on Pro and Flex; a member sees no
// Billing tab or menu item; a billing user's Members page says who can invite. axe-core on each screen.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  callApiOk,
  dialogScreenshot,
  dialogsClosed,
  expectAccessible,
  pageSessionForThisFile,
  patiently,
  screenSizes,
  screenshot,
} from './support/page-session.ts';

const { newPerson } = pageSessionForThisFile();
const run = Date.now().toString(36);

async function workspace(owner: Page, name: string, slug: string) {
  await callApiOk(owner, 'POST', '/v1/workspaces', { name, slug });
}

/** A Visa as the workspace's default card, so a paid plan can be charged. */
async function addVisa(owner: Page, slug: string) {
  const token = await callApiOk(owner, 'POST', '/sandbox/v1/tokens', {
    number: '4242 4242 4242 4242',
    expMonth: 12,
    expYear: 2034,
    cvc: '123',
  });
  await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/payment-methods`, { token: token.id, makeDefault: true });
}

/** Invites `person` with `role` as the owner, and accepts as them. */
async function join(owner: Page, person: Page, email: string, slug: string, role: string) {
  const invite = await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/invites`, { email, role });
  await callApiOk(person, 'POST', `/v1/invites/${invite.id}/accept`);
}

/** Opens a menu and waits out its fade-in (axe measures contrast on what is painted). */
async function openMenu(page: Page, testId: string) {
  await page.getByTestId(testId).click();
  const menu = page.getByRole('menu');
  await menu.waitFor();
  await expect.poll(() => menu.evaluate((element) => getComputedStyle(element).opacity)).toBe('1');
}

async function openSwitcher(page: Page) {
  await openMenu(page, 'workspace-switcher');
}

/** Each item's label (a workspace's first line is its name, under it the caller's role). */
async function menuItems(page: Page): Promise<string[]> {
  const labels = await page.getByRole('menuitem').locator('.mantine-Menu-itemLabel').allInnerTexts();
  return labels.map((text) => text.trim().split('\n')[0] ?? '');
}

async function navTabs(page: Page): Promise<string[]> {
  return (await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link').allInnerTexts()).map((t) =>
    t.trim(),
  );
}

for (const size of screenSizes) {
  describe(`every way in, at ${size.name} size (${size.width}×${size.height})`, () => {
    const slug = `nav-${size.name}-${run}`;
    const flexSlug = `nav-flex-${size.name}-${run}`;
    const proSlug = `nav-pro-${size.name}-${run}`;
    const emails = {
      owner: `nav-owner-${size.name}-${run}@example.test`,
      billing: `nav-billing-${size.name}-${run}@example.test`,
      member: `nav-member-${size.name}-${run}@example.test`,
    };
    let owner: Page;
    let billing: Page;
    let member: Page;

    beforeAll(async () => {
      owner = await newPerson(size, 'Olivia Owner', emails.owner);
      billing = await newPerson(size, 'Bill Billing', emails.billing);
      member = await newPerson(size, 'Max Member', emails.member);
      await workspace(owner, 'Northwind', slug);
      await join(owner, billing, emails.billing, slug, 'billing');
      await join(owner, member, emails.member, slug, 'member');
      await workspace(owner, 'Northwind Flex', flexSlug);
      await callApiOk(owner, 'POST', `/v1/workspaces/${flexSlug}/subscription`, { plan: 'flex' });
      await workspace(owner, 'Northwind Pro', proSlug);
      await addVisa(owner, proSlug);
      await callApiOk(owner, 'POST', `/v1/workspaces/${proSlug}/subscription`, {
        plan: 'pro',
        tier: 'growth',
        interval: 'month',
      });
    });

    it('takes the owner to Plan & Billing through the switcher’s Manage workspace', async () => {
      await owner.goto(`/w/${slug}/members`);
      await owner.getByTestId('members-table').waitFor();
      await openSwitcher(owner);
      // Free sells no credits: Manage workspace, but no Add credits.
      await expect
        .poll(() => menuItems(owner))
        .toEqual(['Northwind', 'Northwind Flex', 'Northwind Pro', 'Manage workspace', 'Create workspace']);
      await expectAccessible(owner, 'workspace switcher (owner, Free)');
      await screenshot(owner, `nav-switcher-owner-${size.name}`);
      await owner.getByRole('menuitem', { name: 'Manage workspace' }).click();
      await owner.waitForURL(`**/w/${slug}/billing`);
      await expect.poll(() => owner.getByRole('heading', { level: 1 }).innerText()).toBe('Plan & Billing');
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText(), patiently).toBe('Free');
      expect(await navTabs(owner)).toEqual(['Members', 'Plan & Billing', 'Developers']);
      await expectAccessible(owner, 'Plan & Billing (owner, Free)');
      await screenshot(owner, `nav-billing-owner-${size.name}`);
    });

    it('opens the Credits card’s purchase dialog from the switcher’s Add credits on Flex', async () => {
      await owner.goto(`/w/${flexSlug}/members`);
      await owner.getByTestId('members-table').waitFor();
      await openSwitcher(owner);
      await expect
        .poll(() => menuItems(owner))
        .toEqual([
          'Northwind',
          'Northwind Flex',
          'Northwind Pro',
          'Manage workspace',
          'Add credits',
          'Create workspace',
        ]);
      await expectAccessible(owner, 'workspace switcher (owner, Flex)');
      await screenshot(owner, `nav-switcher-flex-${size.name}`);
      await owner.getByRole('menuitem', { name: 'Add credits' }).click();
      await owner.waitForURL(`**/w/${flexSlug}/billing?dialog=add-credits`);
      const dialog = owner.getByRole('dialog', { name: 'Add credits' });
      await dialog.waitFor(patiently);
      // The same dialog as the Credits card's button: the Flex packs, priced.
      await expect.poll(() => dialog.getByRole('radio').count(), patiently).toBeGreaterThan(0);
      expect(await dialog.innerText()).toContain('1,000 credits');
      await expectAccessible(owner, 'Add credits dialog from the switcher');
      await dialogScreenshot(owner, `nav-add-credits-${size.name}`);
      expect(await owner.getByTestId('current-plan-name').innerText()).toBe('Flex Credits');

      // Closing it leaves the page, without the link's dialog, on the Credits card.
      await owner.keyboard.press('Escape');
      await dialogsClosed(owner);
      await owner.waitForURL(`**/w/${flexSlug}/billing`);
      await owner.getByTestId('credits').getByRole('button', { name: 'Add credits' }).waitFor();
      await screenshot(owner, `nav-billing-flex-${size.name}`);
    });

    it('offers Add credits in the switcher as soon as the owner moves a workspace to Flex on the page', async () => {
      const moving = `nav-moving-${size.name}-${run}`;
      await workspace(owner, 'Northwind Moving', moving);
      await owner.goto(`/w/${moving}/billing`);
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText(), patiently).toBe('Free');
      await owner.getByTestId('current-plan').getByRole('button', { name: 'Upgrade' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Upgrade your plan' });
      await dialog.getByRole('radio', { name: /^Flex Credits/ }).click();
      await dialog.getByRole('button', { name: 'Confirm change' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText(), patiently).toBe('Flex Credits');
      // No reload: the switcher learns the new plan with the rest of the page.
      await openSwitcher(owner);
      await expect.poll(() => menuItems(owner), patiently).toContain('Add credits');
      await owner.keyboard.press('Escape');
      await owner.getByRole('menu').waitFor({ state: 'hidden' });

      // Flex has room for more: a pending invite, its row readable at both sizes.
      const invitee = `nav-invitee-${size.name}-${run}@example.test`;
      await callApiOk(owner, 'POST', `/v1/workspaces/${moving}/invites`, { email: invitee, role: 'billing' });
      await owner.getByRole('link', { name: 'Members' }).click();
      const row = owner.getByTestId('invite-row');
      await expect.poll(() => row.innerText(), patiently).toContain(invitee);
      expect(await row.innerText()).toContain('Billing');
      await expectAccessible(owner, 'Members with a pending invite (owner)');
      await screenshot(owner, `nav-members-invites-${size.name}`);
    });

    it('names Pro with its tier: Pro Subscription · Growth', async () => {
      await owner.goto(`/w/${proSlug}/billing`);
      await expect
        .poll(() => owner.getByTestId('current-plan-name').innerText(), patiently)
        .toBe('Pro Subscription · Growth');
      // Pro is a subscription, not Flex: no Add credits in the switcher.
      await openSwitcher(owner);
      await expect.poll(() => menuItems(owner)).toContain('Manage workspace');
      expect(await menuItems(owner)).not.toContain('Add credits');
      await owner.keyboard.press('Escape');
      await owner.getByRole('menu').waitFor({ state: 'hidden' });
      await expectAccessible(owner, 'Plan & Billing (owner, Pro Growth)');
      await screenshot(owner, `nav-billing-pro-${size.name}`);
    });

    it('shows a member no Billing tab, no Plan & Billing in the profile menu and no Manage workspace', async () => {
      await member.goto(`/w/${slug}/members`);
      await member.getByTestId('members-table').waitFor();
      // Once the workspace list has said what the member may do (before it, every tab but Members waits).
      await expect.poll(() => member.getByTestId('workspace-switcher').innerText(), patiently).toContain('Northwind');
      expect(await navTabs(member)).toEqual(['Members']);
      await openMenu(member, 'profile-menu');
      await expect.poll(() => menuItems(member)).toEqual(['Members', 'Sign out']);
      await expectAccessible(member, 'profile menu (member)');
      await screenshot(member, `nav-profile-member-${size.name}`);
      await member.keyboard.press('Escape');
      await member.getByRole('menu').waitFor({ state: 'hidden' });
      await openSwitcher(member);
      await expect.poll(() => menuItems(member)).toEqual(['Northwind', 'Create workspace']);
      await member.keyboard.press('Escape');
      await member.getByRole('menu').waitFor({ state: 'hidden' });
      // Nor may they invite: the page says who can, instead of a form the server would refuse.
      expect(await member.getByTestId('invite-form').count()).toBe(0);
      expect(await member.getByTestId('who-can-invite').innerText()).toBe('Only owners and admins can invite people.');
      await expectAccessible(member, 'Members (member)');
      await screenshot(member, `nav-members-member-${size.name}`);
    });

    it('tells a billing user who follows Invite users who can invite, and whom to ask', async () => {
      await billing.goto(`/w/${slug}/billing`);
      await expect.poll(() => navTabs(billing), patiently).toEqual(['Members', 'Plan & Billing', 'Developers']);
      await billing.getByRole('link', { name: 'Invite users' }).click();
      await billing.waitForURL(`**/w/${slug}/members?invite=1`);
      const section = billing.getByTestId('invite-not-allowed');
      await section.waitFor();
      expect(await section.getByRole('heading').innerText()).toBe('Invite people');
      expect(await section.getByTestId('who-can-invite').innerText()).toBe('Only owners and admins can invite people.');
      await expect
        .poll(() => section.getByTestId('whom-to-ask').innerText(), patiently)
        .toBe('Ask Olivia Owner to send an invite.');
      expect(await billing.getByTestId('invite-form').count()).toBe(0);
      await expectAccessible(billing, 'Members (billing user)');
      await screenshot(billing, `nav-members-billing-${size.name}`);
    });
  });
}
