// A promotion code as a customer meets it, at desktop and phone sizes: a wrong code is refused on the field, a
// good one shows its discount line and the discounted total before anything is charged; subscribing charges that
// total, the Current plan card shows the discount and when it ends, and the invoice carries the discount line.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  callApiOk,
  confirmationShown,
  dialogScreenshot,
  dialogsClosed,
  expectAccessible,
  pageSessionForThisFile,
  patiently,
  screenSizes,
  screenshot,
} from './support/page-session.ts';

const operatorKey = 'e2e-operator-key-e2e-operator-key-0123456';
const { baseUrl, newPerson } = pageSessionForThisFile({ env: { BILLFOLD_OPERATOR_KEY: operatorKey } });
const run = Date.now().toString(36);
const code = `SPRING${run.toUpperCase()}`.slice(0, 40);

async function operator(path: string, body: unknown) {
  const response = await fetch(`${baseUrl()}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operatorKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}

beforeAll(async () => {
  const coupon = await operator('/v1/operator/coupons', {
    name: 'Spring sale',
    percentOff: 20,
    duration: 'repeating',
    durationInMonths: 3,
    appliesToPlans: ['team'],
  });
  await operator('/v1/operator/promotion-codes', { coupon: coupon.id, code });
});

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  const slug = `coupons-${size.name}-${run}`;

  it('applies a code in the plan dialog, subscribes at the discounted total, and shows the discount', async () => {
    const owner = await newPerson(size, 'Cora Coupon', `coupons-${size.name}-${run}@example.test`);
    await owner.getByLabel('Workspace name').fill(`Coupons ${size.name}`);
    await owner.getByLabel('URL slug').fill(slug);
    await owner.getByRole('button', { name: 'Create workspace' }).click();
    await owner.waitForURL(`**/w/${slug}/members`);
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/test-clock`, { frozenTime: '2030-03-01T00:00:00Z' });
    const token = await callApiOk(owner, 'POST', '/sandbox/v1/tokens', {
      number: '4242424242424242',
      expMonth: 12,
      expYear: 2034,
      cvc: '123',
    });
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/payment-methods`, { token: token.id });
    await owner.goto(`/w/${slug}/billing`);

    await owner.getByTestId('current-plan').getByRole('button', { name: 'Upgrade' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Upgrade your plan' });
    await dialog.getByRole('radio', { name: /^Team/ }).click();
    await dialog.getByLabel('Seats').fill('3');
    await expect.poll(() => dialog.getByTestId('change-preview-due').innerText(), patiently).toBe('$36.00');

    // A wrong code: refused on the field, and nothing can be confirmed with it.
    const field = dialog.getByLabel('Promotion code');
    await field.fill('NOT-A-CODE');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => dialog.getByText('There is no promotion code "NOT-A-CODE". Check the spelling.').count(), patiently)
      .toBe(1);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByRole('button', { name: /^Confirm/ }).isDisabled()).toBe(true);
    await dialogScreenshot(owner, `coupons-dialog-refused-${size.name}`);

    // The right code, typed in lower case: its own line, −$7.20, and $28.80 due today, then $28.80 on Apr 1.
    await field.fill(code.toLowerCase());
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => dialog.getByTestId('change-preview-due').innerText(), patiently).toBe('$28.80');
    expect(await dialog.getByTestId('change-preview-line').allInnerTexts()).toEqual([
      'Team (monthly) — per seat',
      `20% off for 3 months (${code})`,
    ]);
    expect(await dialog.getByText('-$7.20').count()).toBe(1);
    expect(await dialog.getByTestId('change-preview-next-charge').innerText()).toBe('Then $28.80 on Apr 1, 2030');
    await dialog.getByTestId('change-preview').scrollIntoViewIfNeeded();
    await dialogScreenshot(owner, `coupons-dialog-${size.name}`);
    await expectAccessible(owner, `the plan dialog with a promotion code at ${size.name} size`);

    await dialog.getByRole('button', { name: 'Confirm and pay $28.80' }).click();
    await confirmationShown(owner, 'Plan changed');
    await dialogsClosed(owner);

    const card = owner.getByTestId('current-plan');
    await expect.poll(() => card.getByTestId('current-plan-name').innerText(), patiently).toBe('Team');
    expect(await card.getByTestId('current-plan-discount').innerText()).toBe(
      `20% off until Jun 1, 2030 — promotion code ${code}`,
    );
    const invoices = owner.getByTestId('invoices');
    await expect.poll(() => invoices.getByTestId('invoice-amount').first().innerText(), patiently).toBe('$28.80');
    await screenshot(owner, `coupons-billing-${size.name}`);

    // The invoice itself (its hosted page) carries the discount line.
    const listed = await callApiOk(owner, 'GET', `/v1/workspaces/${slug}/invoices`);
    await owner.goto(listed.data[0].hostedUrl);
    const hosted = await owner.locator('body').innerText();
    expect(hosted).toContain(`20% off for 3 months (${code})`);
    expect(hosted).toContain('$28.80');
    await screenshot(owner, `coupons-invoice-${size.name}`);
  });
});
