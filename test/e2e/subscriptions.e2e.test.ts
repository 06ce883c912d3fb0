import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addCardThrough,
  callApi,
  dialogScreenshot,
  dialogsClosed,
  fillCard,
  pageSessionForThisFile,
  screenSizes,
  screenshot,
  signUp,
} from './support/page-session.ts';

const { newContext } = pageSessionForThisFile();

/** "$12.39" in cents. */
function cents(text: string): number {
  const match = /^\$(\d+)\.(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`not a dollar amount: ${text}`);
  return Number(match[1]) * 100 + Number(match[2]);
}

/** Upgrade → Team monthly with `seats` seats; a workspace without a card is asked for one, which is added here. */
async function chooseTeam(page: Page, seats: number, card: string | null): Promise<Locator> {
  await page.getByTestId('current-plan').getByRole('button', { name: 'Upgrade' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upgrade your plan' });
  await dialog.getByRole('radio', { name: /^Team/ }).click();
  await dialog.getByLabel('Seats').fill(String(seats));
  await expect.poll(() => dialog.getByTestId('change-preview-due').innerText()).toBe(`$${seats * 12}.00`);
  if (card) {
    await addCardThrough(dialog, card);
  }
  return dialog;
}

/** Whether a click in the middle of the element reaches it, not something drawn over it. */
async function uncovered(element: Locator): Promise<boolean> {
  await element.scrollIntoViewIfNeeded();
  return element.evaluate((target) => {
    const box = target.getBoundingClientRect();
    return target.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
  });
}

const run = Date.now().toString(36);

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  const slug = `subs-${size.name}-${run}`;
  /** The test clock's start: a 31-day month, so the first period ends Apr 10, 2030. */
  const start = '2030-03-10T12:00:00Z';

  describe('a subscription from upgrade to cancel, on a test clock', () => {
    let owner: Page;

    it('starts on Free and lists the plans per interval', async () => {
      owner = await (await newContext()).newPage();
      await owner.setViewportSize({ width: size.width, height: size.height });
      await signUp(owner, 'Sam Subscriber', `subs-${size.name}-${run}@example.test`);
      await owner.waitForURL('**/new');
      await owner.getByLabel('Workspace name').fill(`Subs ${size.name}-${run}`);
      await owner.getByLabel('URL slug').fill(slug);
      await owner.getByRole('button', { name: 'Create workspace' }).click();
      await owner.waitForURL(`**/w/${slug}/members`);
      const clock = await callApi(owner, 'POST', `/v1/workspaces/${slug}/test-clock`, { frozenTime: start });
      expect(clock.status).toBe(201);

      await owner.getByTestId('profile-menu').click();
      await owner.getByRole('menuitem', { name: 'Plan & Billing' }).click();
      await owner.waitForURL(`**/w/${slug}/billing`);
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Free');
      expect(await owner.getByTestId('current-plan-test-clock').innerText()).toBe('Test clock: Mar 10, 2030');
      expect(await owner.getByTestId('next-charge-none').innerText()).toBe('None');
      // Free has nothing to cancel and no seats to buy.
      expect(await owner.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);
      expect(await owner.getByRole('button', { name: 'Update quantity' }).count()).toBe(0);

      await owner.getByTestId('current-plan').getByRole('button', { name: 'Upgrade' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Upgrade your plan' });
      const price = (name: RegExp) => dialog.getByRole('radio', { name }).getByTestId('plan-option-price').innerText();
      await expect.poll(() => price(/^Team/)).toBe('$12 per seat / month');
      expect(await price(/^Pro Starter/)).toBe('$49 / month');
      expect(await price(/^Pro Growth/)).toBe('$199 / month');
      expect(await dialog.getByRole('radio', { name: /^Pro Starter/ }).innerText()).toContain('10,000 credits / month');
      expect(await dialog.getByRole('radio', { name: /^Free/ }).innerText()).toContain('Current plan');
      expect(await dialog.getByRole('radio', { name: /^Free/ }).isDisabled()).toBe(true);
      await dialog.getByText('Yearly', { exact: true }).click();
      await expect.poll(() => price(/^Team/)).toBe('$120 per seat / year');
      expect(await price(/^Pro Growth/)).toBe('$1,990 / year');
      await dialog.getByText('Monthly', { exact: true }).click();
      await expect.poll(() => price(/^Team/)).toBe('$12 per seat / month');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
    });

    it('upgrades to Team with 3 seats: a card first, then $36.00 due today, then Team is active', async () => {
      const dialog = await chooseTeam(owner, 3, null);
      // The seat count starts at the seats in use (the owner alone) and was raised to 3.
      expect(await dialog.getByLabel('Seats').inputValue()).toBe('3');
      expect(await dialog.getByTestId('change-preview-next-charge').innerText()).toBe('Then $36.00 on Apr 10, 2030');
      expect(await dialog.getByTestId('change-plan-needs-card').innerText()).toContain('Add a card first');
      expect(await dialog.getByRole('button', { name: /^Confirm/ }).count()).toBe(0);
      await dialogScreenshot(owner, `plan-selection-${size.name}`);

      await addCardThrough(dialog, '4242 4242 4242 4242');
      // Back in the plan dialog with the choice kept and the new card named.
      await expect.poll(() => dialog.getByTestId('change-plan-card').innerText()).toBe('Charged to Visa •••• 4242');
      expect(await dialog.getByTestId('change-plan-needs-card').count()).toBe(0);
      // The message that says the card was saved does not cover the button that pays (it stays six seconds).
      const pay = dialog.getByRole('button', { name: 'Confirm and pay $36.00' });
      expect(await owner.locator('.mantine-Notification-root').filter({ hasText: 'Card saved' }).count()).toBe(1);
      expect(await uncovered(pay)).toBe(true);
      await dialogScreenshot(owner, `plan-ready-${size.name}`);
      await pay.click();
      await dialog.waitFor({ state: 'hidden' });

      await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Team');
      expect(await owner.getByTestId('current-plan-status').innerText()).toBe('Active');
      expect(await owner.getByTestId('current-plan-summary').innerText()).toBe(
        'Team plan — up to 3 users, billed monthly.',
      );
      expect(await owner.getByTestId('seats-max').innerText()).toBe('3');
      expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$36.00');
      expect(await owner.getByTestId('next-charge-date').innerText()).toBe('on Apr 10, 2030');
      const rows = owner.getByTestId('invoice-row');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().getByTestId('invoice-amount').innerText()).toBe('$36.00');
      expect(await rows.first().getByTestId('invoice-status').innerText()).toBe('Paid');
      expect(await rows.first().innerText()).toContain('Mar 10, 2030');
      // Team is a subscription now: Change plan instead of Upgrade.
      expect(await owner.getByRole('button', { name: 'Change plan' }).count()).toBe(1);
      await dialogsClosed(owner);
      await screenshot(owner, `plan-team-${size.name}`);

      // Change plan marks Team as the current plan and prices the others against it; closing it changes nothing.
      await owner.getByRole('button', { name: 'Change plan' }).click();
      const change = owner.getByRole('dialog', { name: 'Change plan' });
      expect(await change.getByRole('radio', { name: /^Team/ }).innerText()).toContain('Current plan');
      await change.getByRole('radio', { name: /^Pro Starter/ }).click();
      await change.getByTestId('change-preview').waitFor();
      expect(await change.getByLabel('Seats').count()).toBe(0);
      await dialogScreenshot(owner, `change-plan-${size.name}`);
      await change.getByRole('button', { name: 'Cancel' }).click();
      await change.waitFor({ state: 'hidden' });
      expect(await owner.getByTestId('current-plan-name').innerText()).toBe('Team');
    });

    it('adds 2 seats half-way through the period: a prorated charge now, $60.00 at the renewal', async () => {
      const advanced = await callApi(owner, 'POST', `/v1/workspaces/${slug}/test-clock/advance`, {
        to: '2030-03-25T12:00:00Z',
      });
      expect(advanced.status).toBe(200);
      await owner.reload();
      await owner.getByRole('button', { name: 'Update quantity' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Update quantity' });
      expect(await dialog.getByLabel('Seats').inputValue()).toBe('3');
      await dialog.getByLabel('Seats').fill('5');
      await dialog.getByTestId('change-preview-due').waitFor();
      const due = cents(await dialog.getByTestId('change-preview-due').innerText());
      // 2 seats × $12 for 16 of the period's 31 days, give or take rounding.
      expect(due).toBeGreaterThan(0);
      expect(due).toBeLessThan(2400);
      expect(due).toBeGreaterThanOrEqual(1150);
      expect(due).toBeLessThanOrEqual(1300);
      expect(await dialog.getByTestId('change-preview').innerText()).toContain('(prorated)');
      expect(await dialog.getByTestId('change-preview-next-charge').innerText()).toBe('Then $60.00 on Apr 10, 2030');
      await dialogScreenshot(owner, `seats-dialog-${size.name}`);
      const amount = `$${(due / 100).toFixed(2)}`;
      await dialog.getByRole('button', { name: `Confirm and pay ${amount}` }).click();
      await dialog.waitFor({ state: 'hidden' });

      await expect.poll(() => owner.getByTestId('seats-max').innerText()).toBe('5');
      expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$60.00');
      expect(await owner.getByTestId('next-charge-date').innerText()).toBe('on Apr 10, 2030');
      const rows = owner.getByTestId('invoice-row');
      await expect.poll(() => rows.count()).toBe(2);
      expect(await rows.first().getByTestId('invoice-amount').innerText()).toBe(amount);
      expect(await rows.first().getByTestId('invoice-status').innerText()).toBe('Paid');
    });

    it('cancels: active until the period end, with Resume; resuming takes the end date away', async () => {
      const card = owner.getByTestId('current-plan');
      await card.getByRole('button', { name: 'Cancel', exact: true }).click();
      const confirm = owner.getByRole('dialog', { name: 'Cancel Team?' });
      expect(await confirm.getByTestId('cancel-plan-text').innerText()).toContain(
        'Team stays active until Apr 10, 2030, the end of the period already paid for.',
      );
      await confirm.getByRole('button', { name: 'Cancel plan' }).click();
      await confirm.waitFor({ state: 'hidden' });
      await expect
        .poll(() => owner.getByTestId('current-plan-active-until').innerText())
        .toBe('Active until Apr 10, 2030');
      expect(await owner.getByTestId('current-plan-status').innerText()).toBe('Active');
      expect(await card.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);
      expect(await card.getByRole('button', { name: 'Resume' }).count()).toBe(1);
      // Nothing renews after a cancel.
      expect(await owner.getByTestId('next-charge-none').count()).toBe(1);
      await dialogsClosed(owner);
      await screenshot(owner, `active-until-${size.name}`);

      await card.getByRole('button', { name: 'Resume' }).click();
      await expect.poll(() => owner.getByTestId('current-plan-active-until').count()).toBe(0);
      expect(await card.getByRole('button', { name: 'Resume' }).count()).toBe(0);
      expect(await card.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(1);
      expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$60.00');
    });

    it('a renewal the card refuses: past due with the reason; a new card and Retry now make it active', async () => {
      // A card that attaches but whose charges fail becomes the default before the renewal.
      await owner.getByRole('button', { name: 'Change payment method' }).click();
      const cardDialog = owner.getByRole('dialog', { name: 'Change payment method' });
      await fillCard(cardDialog, '4000 0000 0000 0341');
      await cardDialog.getByRole('button', { name: 'Save card' }).click();
      await cardDialog.waitFor({ state: 'hidden' });
      const advanced = await callApi(owner, 'POST', `/v1/workspaces/${slug}/test-clock/advance`, {
        to: '2030-04-10T13:00:00Z',
      });
      expect(advanced.status).toBe(200);
      await owner.reload();

      await expect.poll(() => owner.getByTestId('current-plan-status').innerText()).toBe('Past due');
      const alert = owner.getByTestId('past-due');
      expect(await alert.getByTestId('past-due-reason').innerText()).toMatch(
        /^The renewal of \$60\.00 \(invoice [A-Z0-9]+-\d{6}\) could not be charged: Your card was declined\.$/,
      );
      expect(await alert.getByTestId('past-due-retry').innerText()).toContain('It is tried again on Apr 11, 2030.');
      // What is owed now, not only the next charge.
      expect(await owner.getByTestId('amount-due-now').innerText()).toBe('$60.00');
      expect(await owner.getByTestId('amount-due-now-detail').innerText()).toMatch(/^Invoice [A-Z0-9]+-\d{6}/);
      await dialogsClosed(owner);
      await screenshot(owner, `past-due-${size.name}`);

      await alert.getByRole('button', { name: 'Update payment method' }).click();
      const replace = owner.getByRole('dialog', { name: 'Change payment method' });
      await fillCard(replace, '4242 4242 4242 4242');
      await replace.getByRole('button', { name: 'Save card' }).click();
      await replace.waitFor({ state: 'hidden' });
      await alert.getByRole('button', { name: 'Retry now' }).click();
      await expect.poll(() => owner.getByTestId('current-plan-status').innerText()).toBe('Active');
      expect(await owner.getByTestId('past-due').count()).toBe(0);
      expect(await owner.getByTestId('amount-due-now').count()).toBe(0);
      expect(await owner.getByTestId('next-charge-date').innerText()).toBe('on May 10, 2030');
      const newest = owner.getByTestId('invoice-row').first();
      await expect.poll(() => newest.getByTestId('invoice-status').innerText()).toBe('Paid');
      expect(await newest.getByTestId('invoice-amount').innerText()).toBe('$60.00');
      expect(await newest.innerText()).toContain('Visa •••• 4242');
    });
    it('refuses fewer seats than are in use, and schedules a decrease for the renewal', async () => {
      await owner.getByRole('button', { name: 'Update quantity' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Update quantity' });
      await dialog.getByLabel('Seats').fill('0');
      await expect.poll(() => dialog.getByLabel('Seats').getAttribute('aria-invalid')).toBe('true');
      expect(await dialog.getByRole('button', { name: 'Update quantity' }).isDisabled()).toBe(true);
      await dialog.getByLabel('Seats').fill('4');
      await expect
        .poll(() => dialog.getByTestId('change-preview-effective').innerText())
        .toBe('Takes effect on May 10, 2030');
      expect(await dialog.getByTestId('change-preview-next-charge').innerText()).toBe('Then $48.00 on May 10, 2030');
      await dialog.getByRole('button', { name: 'Schedule change' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect
        .poll(() => owner.getByTestId('current-plan-scheduled-change').innerText())
        .toBe('Changes to Team (4 seats) on May 10, 2030');
      // Until then the 5 seats paid for stay, and nothing more was invoiced.
      expect(await owner.getByTestId('seats-max').innerText()).toBe('5');
      expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$48.00');
      expect(await owner.getByTestId('invoice-row').count()).toBe(3);

      // Choosing the seats bought so far again calls the decrease off, without a charge.
      await owner.getByRole('button', { name: 'Update quantity' }).click();
      expect(await dialog.getByLabel('Seats').inputValue()).toBe('4');
      await dialog.getByLabel('Seats').fill('5');
      await expect.poll(() => dialog.getByTestId('change-preview-effective').innerText()).toBe('Stays as it is');
      // The renewal that keeping 5 seats leads to: the scheduled decrease no longer counts.
      expect(await dialog.getByTestId('change-preview-next-charge').innerText()).toBe('Then $60.00 on May 10, 2030');
      await dialog.getByRole('button', { name: 'Keep 5 seats' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => owner.getByTestId('current-plan-scheduled-change').count()).toBe(0);
      expect(await owner.getByTestId('seats-max').innerText()).toBe('5');
      expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$60.00');
      expect(await owner.getByTestId('invoice-row').count()).toBe(3);
    });
  });

  describe('upgrades that do not go through at once', () => {
    let owner: Page;

    beforeAll(async () => {
      owner = await (await newContext()).newPage();
      await owner.setViewportSize({ width: size.width, height: size.height });
      await signUp(owner, 'Dora Declined', `declined-${size.name}-${run}@example.test`);
      await owner.waitForURL('**/new');
    });

    async function freshWorkspace(name: string): Promise<string> {
      const workspaceSlug = `${name}-${size.name}-${run}`;
      const created = await callApi(owner, 'POST', '/v1/workspaces', {
        name: `${name} ${size.name}-${run}`,
        slug: workspaceSlug,
      });
      expect(created.status).toBe(201);
      await owner.goto(`/w/${workspaceSlug}/billing`);
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Free');
      return workspaceSlug;
    }

    it('a declined card: the dialog says why and the workspace stays on Free; another card then goes through', async () => {
      const workspaceSlug = await freshWorkspace('declined');
      const dialog = await chooseTeam(owner, 1, '4000 0000 0000 0341');
      const confirm = dialog.getByRole('button', { name: 'Confirm and pay $12.00' });
      await confirm.click();
      await expect.poll(() => dialog.getByTestId('change-plan-error').innerText()).toContain('Your card was declined.');
      await expect.poll(() => confirm.isEnabled()).toBe(true);
      // The choice stays, so another card can be tried from here.
      expect(await dialog.getByRole('radio', { name: /^Team/ }).getAttribute('aria-checked')).toBe('true');
      await dialogScreenshot(owner, `plan-declined-${size.name}`);
      // Nothing changed behind the dialog.
      expect(await owner.getByTestId('current-plan-name').innerText()).toBe('Free');
      expect(await owner.getByTestId('seats-max').innerText()).toBe('3');
      expect(await owner.getByTestId('next-charge-none').count()).toBe(1);
      const summary = await callApi(owner, 'GET', `/v1/workspaces/${workspaceSlug}/billing`);
      expect(summary.body).toMatchObject({ plan: { id: 'free' }, nextCharge: null });
      expect(await owner.getByTestId('invoice-row').filter({ hasText: 'Paid' }).count()).toBe(0);
      // Its void invoice is folded away: no row looks like a bill, one void invoice waits behind the toggle.
      await expect.poll(() => owner.getByTestId('invoices-void-toggle').innerText()).toBe('Show void invoices (1)');
      expect(await owner.getByTestId('invoice-row').count()).toBe(0);
      expect(await owner.getByTestId('invoices-only-void').count()).toBe(1);

      await dialog.getByRole('button', { name: 'Use another card' }).click();
      const cardDialog = owner.getByRole('dialog', { name: 'Change payment method' });
      await fillCard(cardDialog, '4242 4242 4242 4242');
      await cardDialog.getByRole('button', { name: 'Save card' }).click();
      await cardDialog.waitFor({ state: 'hidden' });
      await expect.poll(() => dialog.getByTestId('change-plan-card').innerText()).toBe('Charged to Visa •••• 4242');
      expect(await dialog.getByTestId('change-plan-error').count()).toBe(0);
      await confirm.click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Team');
      expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$12.00');
    });

    it('a card that needs the bank’s confirmation: confirmed in the dialog, then Team', async () => {
      await freshWorkspace('confirm');
      const dialog = await chooseTeam(owner, 2, '4000 0027 6000 3184');
      await dialog.getByRole('button', { name: 'Confirm and pay $24.00' }).click();
      const bank = owner.getByRole('dialog', { name: 'Confirm the payment' });
      await bank.waitFor();
      expect(await bank.getByTestId('confirm-payment-text').innerText()).toMatch(
        /^Your bank asks you to confirm this payment of \$24\.00 for invoice [A-Z0-9]+-\d{6}\.$/,
      );
      await bank.getByRole('button', { name: 'Confirm payment' }).click();
      await bank.waitFor({ state: 'hidden' });
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Team');
      expect(await owner.getByTestId('current-plan-status').innerText()).toBe('Active');
      expect(await owner.getByTestId('seats-max').innerText()).toBe('2');
      expect(await owner.getByRole('dialog').count()).toBe(0);
      const row = owner.getByTestId('invoice-row').first();
      await expect.poll(() => row.getByTestId('invoice-status').innerText()).toBe('Paid');
      expect(await row.getByTestId('invoice-amount').innerText()).toBe('$24.00');
    });

    it('a renewal the bank wants confirmed: past due asking to confirm the payment; confirming makes it active', async () => {
      const workspaceSlug = await freshWorkspace('secure');
      const clock = await callApi(owner, 'POST', `/v1/workspaces/${workspaceSlug}/test-clock`, { frozenTime: start });
      expect(clock.status).toBe(201);
      const dialog = await chooseTeam(owner, 2, '4000 0027 6000 3184');
      await dialog.getByRole('button', { name: 'Confirm and pay $24.00' }).click();
      const first = owner.getByRole('dialog', { name: 'Confirm the payment' });
      await first.getByRole('button', { name: 'Confirm payment' }).click();
      await first.waitFor({ state: 'hidden' });
      await expect.poll(() => owner.getByTestId('current-plan-status').innerText()).toBe('Active');

      // The first period ends Apr 10, 2030; its renewal (2 × $12.00 = $24.00) waits for the cardholder.
      const advanced = await callApi(owner, 'POST', `/v1/workspaces/${workspaceSlug}/test-clock/advance`, {
        to: '2030-04-10T13:00:00Z',
      });
      expect(advanced.status).toBe(200);
      await owner.reload();
      await expect.poll(() => owner.getByTestId('current-plan-status').innerText()).toBe('Past due');
      const alert = owner.getByTestId('past-due');
      expect(await alert.getByTestId('past-due-reason').innerText()).toMatch(
        /^The renewal of \$24\.00 \(invoice [A-Z0-9]+-\d{6}\) is waiting for you: your bank asks you to confirm the payment\.$/,
      );
      expect(await alert.getByTestId('past-due-retry').innerText()).toBe(
        'Confirm the payment to keep the plan; it is checked again on Apr 11, 2030.',
      );
      // Another card would not pay the waiting charge, so the alert does not offer one.
      expect(await alert.getByRole('button', { name: 'Update payment method' }).count()).toBe(0);
      await dialogsClosed(owner);
      await screenshot(owner, `past-due-confirm-${size.name}`);

      await alert.getByRole('button', { name: 'Confirm the payment' }).click();
      const bank = owner.getByRole('dialog', { name: 'Confirm the payment' });
      await bank.getByRole('button', { name: 'Confirm payment' }).click();
      await bank.waitFor({ state: 'hidden' });
      await expect.poll(() => owner.getByTestId('current-plan-status').innerText()).toBe('Active');
      expect(await owner.getByTestId('past-due').count()).toBe(0);
      const row = owner.getByTestId('invoice-row').first();
      await expect.poll(() => row.getByTestId('invoice-status').innerText()).toBe('Paid');
      expect(await row.getByTestId('invoice-amount').innerText()).toBe('$24.00');

      // Left unconfirmed, the May 10 renewal is retried on May 11, 13, 15 and 17, then written off: Free, no Pay.
      const unconfirmed = await callApi(owner, 'POST', `/v1/workspaces/${workspaceSlug}/test-clock/advance`, {
        to: '2030-05-20T00:00:00Z',
      });
      expect(unconfirmed.status).toBe(200);
      await owner.reload();
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Free');
      const writtenOff = owner.getByTestId('invoice-row').first();
      await expect.poll(() => writtenOff.getByTestId('invoice-status').innerText()).toBe('Uncollectible');
      expect(await writtenOff.getByRole('button', { name: /^Pay / }).count()).toBe(0);
      expect(await owner.getByTestId('past-due').count()).toBe(0);
    });
  });
});
