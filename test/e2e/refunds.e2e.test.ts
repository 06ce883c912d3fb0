// Refunding an invoice from the page, at desktop and phone sizes: Refund on a paid $45.00 invoice opens a dialog
// with the whole rest as the amount; half of it refunded to the card issues a credit note, named in the dialog and
// listed under the invoice's number, whose hosted page shows the $22.50 credited; the other half to the customer
// balance, shown in Payment method and taken off the next invoice.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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
import { screenshotDir } from './support/running-server.ts';

const { newPerson } = pageSessionForThisFile();
const run = Date.now().toString(36);

for (const size of screenSizes) {
  describe(`refunds at ${size.name} size`, () => {
    let owner: Page;
    const slug = `refunds-${size.name}-${run}`;

    it('refunds half of a paid $45.00 invoice to the card and opens its credit note', async () => {
      owner = await newPerson(size, 'Rita Refunds', `refunds-${size.name}-${run}@example.test`);
      await callApiOk(owner, 'POST', '/v1/workspaces', { name: `Refunds ${run}`, slug });
      const token = await callApiOk(owner, 'POST', '/sandbox/v1/tokens', {
        number: '4242 4242 4242 4242',
        expMonth: 12,
        expYear: 2034,
        cvc: '123',
      });
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/payment-methods`, { token: token.id, makeDefault: true });
      const invoice = await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/invoices`, {
        lines: [{ description: 'Onboarding workshop', quantity: 1, unitAmount: 4500 }],
      });
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/invoices/${invoice.id}/pay`);

      await owner.goto(`/w/${slug}/billing`);
      const row = owner.getByTestId('invoices').getByTestId('invoice-row').first();
      await row.getByRole('button', { name: `Refund ${invoice.number}` }).click();
      const dialog = owner.getByTestId('refund-dialog');
      await dialog.waitFor(patiently);
      const amount = dialog.getByLabel('Amount');
      // The whole rest by default.
      expect(await amount.inputValue()).toBe('45.00');
      await amount.fill('22.50');
      await expectAccessible(owner, `refund dialog at ${size.name} size`);
      await dialogScreenshot(owner, `refunds-${size.name}-dialog`);
      await dialog.getByRole('button', { name: 'Refund $22.50' }).click();

      const done = owner.getByTestId('refund-done');
      await done.waitFor(patiently);
      const doneText = await done.innerText();
      expect(doneText).toMatch(/Credit note CN-\d{6} issued/);
      expect(doneText).toContain('$22.50 goes back to the card that paid the invoice.');
      const number = /CN-\d{6}/.exec(doneText)?.[0] ?? '';
      await dialogScreenshot(owner, `refunds-${size.name}-done`);
      await done.getByRole('button', { name: 'Done' }).click();
      await dialogsClosed(owner);

      // Listed under the invoice, and the rest is what the next refund offers.
      const listed = row.getByTestId('invoice-credit-notes');
      await expect.poll(() => listed.innerText(), patiently).toContain(number);
      expect(await listed.innerText()).toContain('−$22.50 to card');
      await screenshot(owner, `refunds-${size.name}-list`);
      await row.getByRole('button', { name: `Refund ${invoice.number}` }).click();
      await owner.getByTestId('refund-dialog').waitFor(patiently);
      expect(await owner.getByTestId('refund-dialog').getByLabel('Amount').inputValue()).toBe('22.50');
      await owner.keyboard.press('Escape');
      await dialogsClosed(owner);

      // Its hosted page: the credit note, the invoice it credits and the amount.
      const href = await row.getByTestId('credit-note-link').getAttribute('href');
      expect(href).toMatch(/\/credit-notes\//);
      await owner.goto(href ?? '');
      const text = await owner.locator('main').innerText();
      expect(text).toContain(`Credit note ${number}`);
      expect(text).toContain('$22.50');
      expect(text).toContain(invoice.number);
      expect(text).toContain(`$22.50 was refunded to the card that paid invoice ${invoice.number}.`);
      await expectAccessible(owner, `credit note page at ${size.name} size`);
      await screenshot(owner, `refunds-${size.name}-credit-note`);
    });

    it('refunds the rest to the customer balance, which the next invoice draws on before the card', async () => {
      await owner.goto(`/w/${slug}/billing`);
      const row = owner.getByTestId('invoices').getByTestId('invoice-row').first();
      await row.getByRole('button', { name: /^Refund / }).click();
      const dialog = owner.getByTestId('refund-dialog');
      await dialog.waitFor(patiently);
      await dialog.getByLabel('The customer balance (taken off the next invoices)').check();
      await dialog.getByRole('button', { name: 'Refund $22.50' }).click();
      const done = owner.getByTestId('refund-done');
      await done.waitFor(patiently);
      expect(await done.innerText()).toContain('$22.50 is credited to the customer balance');
      await done.getByRole('button', { name: 'Done' }).click();
      await dialogsClosed(owner);
      const balance = owner.getByTestId('customer-balance');
      await expect.poll(() => balance.innerText(), patiently).toContain('Customer balance: $22.50 credit');
      await owner
        .getByTestId('payment-method')
        .screenshot({ path: join(screenshotDir, `refunds-${size.name}-balance.png`) });

      // A $30.00 invoice: −$22.50 from the balance, $7.50 charged to the card.
      const next = await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/invoices`, {
        lines: [{ description: 'Extra workshop', quantity: 1, unitAmount: 3000 }],
      });
      expect(next).toMatchObject({ appliedBalance: 2250, amountDue: 750 });
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/invoices/${next.id}/pay`);
      await owner.reload();
      const newest = owner.getByTestId('invoices').getByTestId('invoice-row').first();
      await expect
        .poll(() => newest.getByTestId('invoice-applied-balance').innerText(), patiently)
        .toBe('−$22.50 balance applied · $7.50 charged');
      await expect.poll(() => owner.getByTestId('customer-balance').count(), patiently).toBe(0);
      await screenshot(owner, `refunds-${size.name}-balance-applied`);
    });
  });
}
