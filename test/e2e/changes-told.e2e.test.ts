// Every change says it happened, at desktop and phone sizes: seats scheduled and the explicit Cancel scheduled
// change, yearly Pro credits against monthly, a tax id refused at its field and billing details saved, and custom
// roles created, renamed and deleted (their holder falls back to member, after a confirmation that says so).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  callApi,
  callApiOk,
  confirmationShown,
  dialogScreenshot,
  expectAccessible,
  pageSessionForThisFile,
  patiently,
  screenSizes,
  screenshot,
} from './support/page-session.ts';

const { newPerson } = pageSessionForThisFile();
const run = Date.now().toString(36);

/** A workspace on a test clock at Mar 10, 2030 with a Visa as its default card. */
async function workspaceWithCard(page: Page, slug: string) {
  await callApiOk(page, 'POST', '/v1/workspaces', { name: `Told ${slug}`, slug });
  await callApiOk(page, 'POST', `/v1/workspaces/${slug}/test-clock`, { frozenTime: '2030-03-10T12:00:00Z' });
  const token = await callApiOk(page, 'POST', '/sandbox/v1/tokens', {
    number: '4242 4242 4242 4242',
    expMonth: 12,
    expYear: 2034,
    cvc: '123',
  });
  await callApiOk(page, 'POST', `/v1/workspaces/${slug}/payment-methods`, { token: token.id, makeDefault: true });
}

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  it('a seat decrease is scheduled, said so, and called off with Cancel scheduled change', async () => {
    const slug = `told-seats-${size.name}-${run}`;
    const owner = await newPerson(size, 'Sita Seats', `told-seats-${size.name}-${run}@example.test`);
    await workspaceWithCard(owner, slug);
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/subscription`, {
      plan: 'team',
      interval: 'month',
      seats: 5,
    });
    await owner.goto(`/w/${slug}/billing`);
    await expect.poll(() => owner.getByTestId('next-charge-amount').innerText(), patiently).toBe('$60.00');

    await owner.getByRole('button', { name: 'Update quantity' }).click();
    const seats = owner.getByRole('dialog', { name: 'Update quantity' });
    await seats.getByLabel('Seats').fill('4');
    await expect
      .poll(() => seats.getByTestId('change-preview-effective').innerText(), patiently)
      .toBe('Takes effect on Apr 10, 2030');
    await seats.getByRole('button', { name: 'Schedule change' }).click();
    await seats.waitFor({ state: 'hidden' });
    expect(await confirmationShown(owner, 'Seat change scheduled')).toBe(
      '4 seats from Apr 10, 2030. Nothing was charged now.',
    );
    await expect
      .poll(() => owner.getByTestId('current-plan-scheduled-change').innerText(), patiently)
      .toBe('Changes to Team (4 seats) on Apr 10, 2030');
    await expectAccessible(owner, `billing with a scheduled change (${size.name})`);
    await screenshot(owner, `told-scheduled-change-${size.name}`);

    await owner.getByRole('button', { name: 'Cancel scheduled change' }).click();
    expect(await confirmationShown(owner, 'Scheduled change canceled')).toBe(
      'Team stays as it is. It renews on Apr 10, 2030.',
    );
    await expect.poll(() => owner.getByTestId('current-plan-scheduled-change').count(), patiently).toBe(0);
    expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$60.00');
    const summary = await callApiOk(owner, 'GET', `/v1/workspaces/${slug}/billing`);
    expect(summary.subscription).toMatchObject({ scheduledChange: null, cancelAtPeriodEnd: false });
  });

  it('Change plan starts on the first plan to choose, and yearly Pro grants a year of credits, set against a month', async () => {
    const slug = `told-plans-${size.name}-${run}`;
    const owner = await newPerson(size, 'Yara Yearly', `told-plans-${size.name}-${run}@example.test`);
    await workspaceWithCard(owner, slug);
    await owner.goto(`/w/${slug}/billing`);
    await owner.getByRole('button', { name: 'Upgrade' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Upgrade your plan' });
    await dialog.getByTestId('change-plan').waitFor();
    // Focus lands on the first plan one can choose, not on the dialog's close button.
    await expect
      .poll(() => owner.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('plan-option');
    const starter = dialog.getByRole('radio', { name: /Pro Starter/ });
    expect(await starter.innerText()).toContain('10,000 credits / month');
    await dialog.getByText('Yearly', { exact: true }).click();
    await expect.poll(() => starter.innerText(), patiently).toContain('120,000 credits / year (10,000 / month)');
    await expectAccessible(owner, `change plan dialog (${size.name})`);
    await dialogScreenshot(owner, `told-yearly-credits-${size.name}`);
  });

  it('a second card: made the default and the first removed, each said so; the list fits the screen', async () => {
    const slug = `told-cards-${size.name}-${run}`;
    const owner = await newPerson(size, 'Cara Cards', `told-cards-${size.name}-${run}@example.test`);
    await workspaceWithCard(owner, slug);
    const token = await callApiOk(owner, 'POST', '/sandbox/v1/tokens', {
      number: '5555 5555 5555 4444',
      expMonth: 11,
      expYear: 2033,
      cvc: '123',
    });
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/payment-methods`, { token: token.id });
    await owner.goto(`/w/${slug}/billing`);
    const list = owner.getByTestId('payment-methods-table');
    await expect.poll(() => list.getByTestId('payment-method-row').count(), patiently).toBe(2);
    expect(await owner.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(owner, `saved cards (${size.name})`);
    await screenshot(owner, `told-saved-cards-${size.name}`);

    await list.getByRole('button', { name: 'Make Mastercard •••• 4444 the default' }).click();
    expect(await confirmationShown(owner, 'Default card changed')).toBe('Mastercard •••• 4444 is charged from now on.');
    await list.getByRole('button', { name: 'Remove Visa •••• 4242' }).click();
    const confirm = owner.getByRole('dialog', { name: /Remove/ });
    await confirm.getByRole('button', { name: 'Remove card' }).click();
    expect(await confirmationShown(owner, 'Card removed')).toBe('Visa •••• 4242 is no longer kept for this workspace.');
    const methods = await callApiOk(owner, 'GET', `/v1/workspaces/${slug}/payment-methods`);
    expect(methods.data.map((m: { last4: string; isDefault: boolean }) => [m.last4, m.isDefault])).toEqual([
      ['4444', true],
    ]);
  });

  it('a tax id of the wrong shape is refused at its field; saved details say so', async () => {
    const slug = `told-tax-${size.name}-${run}`;
    const owner = await newPerson(size, 'Tomas Tax', `told-tax-${size.name}-${run}@example.test`);
    await callApiOk(owner, 'POST', '/v1/workspaces', { name: `Told ${slug}`, slug });
    await owner.goto(`/w/${slug}/billing`);
    await owner.getByRole('button', { name: 'Add billing details' }).click();
    const form = owner.getByTestId('billing-details-form');
    await form.getByLabel('Legal name').fill('Tax Test GmbH');
    await form.getByLabel('Billing email').fill('ap@tax.example');
    await form.getByLabel('Address line 1').fill('Hauptstraße 5');
    await form.getByLabel('City').fill('Berlin');
    await form.getByLabel('Postal code').fill('10115');
    await form.getByLabel(/^Country/).fill('Germ');
    await owner.getByRole('option', { name: 'Germany' }).click();
    await form.getByLabel('Tax ID').fill('DE 1234');
    await form.getByRole('button', { name: 'Save billing details' }).click();
    await expect.poll(() => form.getByLabel('Tax ID').getAttribute('aria-invalid'), patiently).toBe('true');
    expect(await form.innerText()).toContain(
      'Tax ID DE 1234 does not look right: a German VAT number is DE and 9 digits, e.g. DE123456789.',
    );
    await expectAccessible(owner, `billing details with a refused tax id (${size.name})`);
    await screenshot(owner, `told-tax-id-refused-${size.name}`);

    await form.getByLabel('Tax ID').fill('DE 123 456 789');
    await form.getByRole('button', { name: 'Save billing details' }).click();
    expect(await confirmationShown(owner, 'Billing details saved')).toBe(
      'The next invoices show them; invoices already issued keep theirs.',
    );
    expect(await owner.getByTestId('billing-details-saved').innerText()).toContain('DE 123 456 789');
  });

  it('a custom role is created, renamed and deleted; its holder becomes a member, as the confirmation said, then is removed', async () => {
    const slug = `told-roles-${size.name}-${run}`;
    const owner = await newPerson(size, 'Rosa Roles', `told-roles-${size.name}-${run}@example.test`);
    await callApiOk(owner, 'POST', '/v1/workspaces', { name: `Told ${slug}`, slug });
    await owner.goto(`/w/${slug}/members`);

    const roles = owner.getByRole('form', { name: 'Create a custom role' });
    await roles.getByLabel('New role').fill('finance');
    await roles.getByRole('checkbox', { name: 'Billing' }).check();
    await roles.getByRole('button', { name: 'Create role' }).click();
    expect(await confirmationShown(owner, 'Role created')).toBe(
      'finance grants Billing. Give it from the members list.',
    );

    const email = `told-accountant-${size.name}-${run}@example.test`;
    const invite = await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/invites`, { email, role: 'finance' });
    const accountant = await newPerson(size, 'Ari Accounts', email);
    await callApiOk(accountant, 'POST', `/v1/invites/${invite.id}/accept`, {});
    await owner.reload();

    await owner.getByRole('button', { name: 'Edit finance' }).click();
    const edit = owner.getByRole('dialog', { name: 'Edit finance' });
    await expect
      .poll(() => owner.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value))
      .toBe('finance');
    await expectAccessible(owner, `edit role dialog (${size.name})`);
    await edit.getByLabel('Name').fill('accounts');
    await edit.getByRole('button', { name: 'Save role' }).click();
    await edit.waitFor({ state: 'hidden' });
    expect(await confirmationShown(owner, 'Role saved')).toBe(
      'finance is now accounts; its members keep it. It grants Billing.',
    );
    const roleOf = async () =>
      (await callApiOk(owner, 'GET', `/v1/workspaces/${slug}/members`)).data.find(
        (m: { email: string }) => m.email === email,
      )?.role;
    expect(await roleOf()).toBe('accounts');
    expect((await callApi(accountant, 'GET', `/v1/workspaces/${slug}/billing`)).status).toBe(200);

    await owner.getByRole('button', { name: 'Delete accounts' }).click();
    const confirm = owner.getByRole('dialog', { name: 'Delete accounts?' });
    expect(await confirm.innerText()).toContain(
      '1 person holds this role: they become members, with what a member may do. Pending invites with it become invites as member.',
    );
    await dialogScreenshot(owner, `told-delete-role-${size.name}`);
    await expectAccessible(owner, `delete role dialog (${size.name})`);
    await confirm.getByRole('button', { name: 'Delete role' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await confirmationShown(owner, 'Role deleted')).toBe(
      'accounts is gone; the person who held it is now a member.',
    );
    expect(await roleOf()).toBe('member');
    expect((await callApi(accountant, 'GET', `/v1/workspaces/${slug}/billing`)).status).toBe(403);
    await expectAccessible(owner, `members after deleting a role (${size.name})`);
    await screenshot(owner, `told-roles-${size.name}`);

    // Removing the former accountant: a confirmation naming who loses access, then the seat is free.
    await owner.getByRole('button', { name: `Remove ${email}` }).click();
    const removal = owner.getByRole('dialog', { name: 'Remove Ari Accounts?' });
    expect(await removal.innerText()).toContain(
      `${email} will lose access to this workspace. Their seat becomes free.`,
    );
    await dialogScreenshot(owner, `told-remove-member-${size.name}`);
    await expectAccessible(owner, `remove member dialog (${size.name})`);
    await removal.getByRole('button', { name: 'Remove', exact: true }).click();
    await removal.waitFor({ state: 'hidden' });
    expect(await confirmationShown(owner, 'Member removed')).toBe('Ari Accounts no longer has access.');
    expect(await roleOf()).toBeUndefined();
    expect((await callApi(accountant, 'GET', `/v1/workspaces/${slug}/billing`)).status).toBe(404);
  });
});
