// Paying as people do it in the browser, at desktop and phone sizes: add a card (and see a declined one refused),
// make another the default, remove one, fill the billing details, then the demo workspace's invoices: hosted page in
// a new tab, PDF download; a member without billing access sees none of it; paying an open invoice from its row,
// with a card that works, one that fails and one the bank wants confirmed. axe-core on each dialog on the way.
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  confirmationShown,
  dialogScreenshot,
  dialogsClosed,
  expectAccessible,
  pageSessionForThisFile,
  type ScreenSize,
  screenSizes,
  screenshot,
} from './support/page-session.ts';

// The demo seeds "acme" with three paid invoices; the card steps use fresh workspaces beside it.
const { newContext, newPerson } = pageSessionForThisFile({ demo: true });

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/w/**');
}

/** A demo person signed in at `size`. */
async function demoPerson(size: ScreenSize, email: string): Promise<Page> {
  const page = await (await newContext()).newPage();
  await page.setViewportSize({ width: size.width, height: size.height });
  await signIn(page, email, 'billfold-demo');
  return page;
}

/** The saved cards as the API lists them, asked from the page (its session cookie). */
async function savedCards(page: Page, slug: string): Promise<string[]> {
  return page.evaluate(async (ws) => {
    const response = await fetch(`/v1/workspaces/${ws}/payment-methods`);
    const body = (await response.json()) as { data: { brand: string; last4: string; isDefault: boolean }[] };
    return body.data.map((m) => `${m.brand} ${m.last4}${m.isDefault ? ' default' : ''}`).sort();
  }, slug);
}

async function fillCard(dialog: Locator, number: string, expiry = '12/34', cvc = '123') {
  await dialog.getByLabel('Card number').fill(number);
  await dialog.getByLabel('Expiry').fill(expiry);
  await dialog.getByLabel('CVC').fill(cvc);
}

const run = Date.now().toString(36);

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  const slug = `pay-${size.name}-${run}`;

  describe('payment method and billing details', () => {
    let owner: Page;

    it('starts a fresh workspace with no payment method and no billing details', async () => {
      owner = await newPerson(size, 'Paula Payer', `payer-${size.name}-${run}@example.test`);
      await owner.getByLabel('Workspace name').fill(`Pay ${size.name} ${run}`);
      await owner.getByLabel('URL slug').fill(slug);
      await owner.getByRole('button', { name: 'Create workspace' }).click();
      await owner.waitForURL(`**/w/${slug}/members`);
      await owner.goto(`/w/${slug}/billing`);
      await expect.poll(() => owner.getByTestId('payment-method-none').innerText()).toBe('No payment method');
      expect(await owner.getByTestId('billing-details-empty').innerText()).toBe(
        'No billing details yet — they are printed on every invoice.',
      );
      await expect.poll(() => owner.getByTestId('no-invoices').innerText()).toBe('No invoices yet.');
      // Sections in DESIGN.md's order.
      const titles = await owner
        .locator('section[aria-labelledby]')
        .evaluateAll((sections) =>
          sections.map((s) => document.getElementById(s.getAttribute('aria-labelledby') ?? '')?.textContent),
        );
      expect(titles).toEqual(['Current plan', 'Usage', 'Payment method', 'Billing details', 'Invoices', 'Activity']);
    });

    it('adds a card that works: the section shows it with its expiry', async () => {
      await owner.getByRole('button', { name: 'Add payment method' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Add payment method' });
      await dialog.waitFor();
      expect(await dialog.getByTestId('test-cards-note').innerText()).toContain('4242 4242 4242 4242');
      await dialogScreenshot(owner, `add-card-dialog-${size.name}`);
      await expectAccessible(owner, `Add payment method dialog (${size.name})`);
      await dialog.getByLabel('Card number').pressSequentially('4242424242424242');
      // Typed digits are grouped as on the card.
      expect(await dialog.getByLabel('Card number').inputValue()).toBe('4242 4242 4242 4242');
      expect(await dialog.getByLabel('Card number').getAttribute('autocomplete')).toBe('cc-number');
      await dialog.getByLabel('Expiry').pressSequentially('1234');
      expect(await dialog.getByLabel('Expiry').inputValue()).toBe('12 / 34');
      await dialog.getByLabel('CVC').fill('123');
      await dialog.getByRole('button', { name: 'Save card' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await confirmationShown(owner, 'Card saved')).toBe(
        'Visa •••• 4242 is the default card: the next charges go to it.',
      );
      await expect.poll(() => owner.getByTestId('payment-method-card').innerText()).toBe('Visa •••• 4242');
      expect(await owner.getByTestId('payment-method-expiry').innerText()).toBe('Expires 12/34');
      expect(await owner.getByRole('button', { name: 'Change payment method' }).count()).toBe(1);
      expect(await savedCards(owner, slug)).toEqual(['visa 4242 default']);
      await dialogsClosed(owner);
      await screenshot(owner, `payment-method-${size.name}`);
    });

    it('shows the processor’s words under the field for a mistyped number, and a declined card in the dialog', async () => {
      await owner.getByRole('button', { name: 'Change payment method' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Change payment method' });
      await fillCard(dialog, '4242 4242 4242 4241');
      await dialog.getByRole('button', { name: 'Save card' }).click();
      await expect.poll(() => dialog.innerText()).toContain('Your card number is incorrect.');
      expect(await dialog.getByLabel('Card number').getAttribute('aria-invalid')).toBe('true');

      await fillCard(dialog, '4000 0000 0000 0002');
      await dialog.getByRole('button', { name: 'Save card' }).click();
      await expect.poll(() => dialog.getByTestId('card-error').innerText()).toContain('Your card was declined.');
      await screenshot(owner, `card-declined-${size.name}`);
      // Nothing was saved.
      expect(await savedCards(owner, slug)).toEqual(['visa 4242 default']);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await owner.getByTestId('payment-method-card').innerText()).toBe('Visa •••• 4242');
      expect(await owner.getByTestId('payment-methods-table').count()).toBe(0);
    });

    it('adds a second card, makes it the default and removes the first', async () => {
      await owner.getByRole('button', { name: 'Change payment method' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Change payment method' });
      await fillCard(dialog, '5555 5555 5555 4444', '08/31', '321');
      // Kept as a spare: the Visa stays the default for now.
      await dialog.getByLabel('Use this card for future payments').uncheck();
      await dialog.getByRole('button', { name: 'Save card' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await confirmationShown(owner, 'Card saved')).toBe(
        'Mastercard •••• 4444 is saved beside the default card.',
      );
      const rows = owner.getByTestId('payment-method-row');
      await expect.poll(() => rows.count()).toBe(2);
      expect(await owner.getByTestId('payment-method-card').innerText()).toBe('Visa •••• 4242');
      expect(await rows.filter({ hasText: 'Visa •••• 4242' }).innerText()).toContain('Default');
      expect(await rows.filter({ hasText: 'Mastercard •••• 4444' }).innerText()).toContain('Expires 08/31');
      await dialogsClosed(owner);
      await screenshot(owner, `saved-cards-${size.name}`);
      // The default card cannot be removed from the list while another exists.
      expect(await owner.getByRole('button', { name: 'Remove Visa •••• 4242' }).count()).toBe(0);

      await owner.getByRole('button', { name: 'Make Mastercard •••• 4444 the default' }).click();
      expect(await confirmationShown(owner, 'Default card changed')).toBe(
        'Mastercard •••• 4444 is charged from now on.',
      );
      await expect.poll(() => owner.getByTestId('payment-method-card').innerText()).toBe('Mastercard •••• 4444');
      expect(await owner.getByTestId('payment-method-expiry').innerText()).toBe('Expires 08/31');

      await owner.getByRole('button', { name: 'Remove Visa •••• 4242' }).click();
      const confirm = owner.getByRole('dialog', { name: 'Remove this card?' });
      await dialogScreenshot(owner, `remove-card-dialog-${size.name}`);
      await expectAccessible(owner, `Remove card dialog (${size.name})`);
      await confirm.getByRole('button', { name: 'Remove card' }).click();
      expect(await confirmationShown(owner, 'Card removed')).toBe(
        'Visa •••• 4242 is no longer kept for this workspace.',
      );
      await expect.poll(() => savedCards(owner, slug)).toEqual(['mastercard 4444 default']);
      // With one card left, the list of saved cards gives way to the default card alone.
      await expect.poll(() => owner.getByTestId('payment-methods-table').count()).toBe(0);
      expect(await owner.getByTestId('payment-method-card').innerText()).toBe('Mastercard •••• 4444');
    });

    it('fills the billing details, shows a refused field under it, and shows them once saved', async () => {
      const section = owner.getByTestId('billing-details');
      await section.getByRole('button', { name: 'Add billing details' }).click();
      const form = section.getByTestId('billing-details-form');
      await form.getByLabel('Legal name').fill('Pay Corp GmbH');
      await form.getByLabel('Billing email').fill('not-an-email');
      await form.getByLabel('Address line 1').fill('Hauptstraße 5');
      await form.getByLabel('Address line 2').fill('3. OG');
      await form.getByLabel('City').fill('Berlin');
      await form.getByLabel('Postal code').fill('10115');
      await form.getByLabel(/^Country/).fill('Germ');
      await owner.getByRole('option', { name: 'Germany' }).click();
      await form.getByLabel('Tax ID').fill('DE123456789');
      await form.getByRole('button', { name: 'Save billing details' }).click();
      // The server names the bad field; its message sits under that field.
      await expect.poll(() => form.getByLabel('Billing email').getAttribute('aria-invalid')).toBe('true');
      await screenshot(owner, `billing-details-form-${size.name}`);

      await form.getByLabel('Billing email').fill('accounts@pay.example');
      await form.getByRole('button', { name: 'Save billing details' }).click();
      await section.getByTestId('billing-details-saved').waitFor();
      const shown = await section.getByTestId('billing-details-saved').innerText();
      for (const text of [
        'Pay Corp GmbH',
        'accounts@pay.example',
        'Hauptstraße 5',
        '3. OG',
        '10115 Berlin',
        'Germany',
      ]) {
        expect(shown).toContain(text);
      }
      expect(shown).toContain('DE123456789');
      expect(await section.innerText()).toContain('Changes apply to invoices issued from now on.');
      await screenshot(owner, `billing-details-${size.name}`);

      // Saved on the server, not only on the page.
      await owner.reload();
      await expect.poll(() => owner.getByTestId('billing-details-saved').innerText()).toContain('Pay Corp GmbH');
      const details = await owner.evaluate(async (ws) => {
        const response = await fetch(`/v1/workspaces/${ws}/billing-details`);
        return response.json();
      }, slug);
      expect(details).toMatchObject({ legalName: 'Pay Corp GmbH', country: 'DE', region: null, taxId: 'DE123456789' });
    });
  });

  describe('invoices of the demo workspace', () => {
    let context: BrowserContext;
    let owner: Page;

    it('lists the three paid invoices with numbers, amounts and the card', async () => {
      owner = await demoPerson(size, 'owner@demo.billfold.dev');
      context = owner.context();
      await owner.goto('/w/acme/billing');
      const rows = owner.getByTestId('invoice-row');
      await expect.poll(() => rows.count()).toBe(3);
      for (const row of await rows.all()) {
        expect(await row.getByTestId('invoice-number').innerText()).toMatch(/^[A-Z0-9]+-\d{6}$/);
        expect(await row.getByTestId('invoice-amount').innerText()).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(await row.getByTestId('invoice-status').innerText()).toBe('Paid');
        expect(await row.innerText()).toContain('Visa •••• 4242');
        // Paid invoices offer no Pay now.
        expect(await row.getByRole('button', { name: /^Pay / }).count()).toBe(0);
      }
      // Newest first.
      const numbers = await owner.getByTestId('invoice-number').allInnerTexts();
      expect([...numbers].sort().reverse()).toEqual(numbers);
      expect(await owner.getByTestId('payment-method-card').innerText()).toBe('Visa •••• 4242');
      // A US address reads the American way.
      expect(await owner.getByTestId('billing-details-saved').innerText()).toContain('San Francisco, CA 94105');
      expect(await owner.getByRole('button', { name: 'Load more' }).count()).toBe(0);
      await screenshot(owner, `invoices-${size.name}`);
    });

    it('opens the hosted invoice page in a new tab from the number', async () => {
      const link = owner.getByTestId('invoice-number').first();
      const number = await link.innerText();
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toContain('noopener');
      const [hosted] = await Promise.all([context.waitForEvent('page'), link.click()]);
      await hosted.waitForLoadState();
      expect(new URL(hosted.url()).pathname).toMatch(/^\/invoices\/[^/]+$/);
      await expect.poll(() => hosted.locator('body').innerText()).toContain(number);
      await screenshot(hosted, `hosted-invoice-${size.name}`);
      await hosted.close();
    });

    it('downloads an invoice as a PDF', async () => {
      const number = await owner.getByTestId('invoice-number').first().innerText();
      const [download] = await Promise.all([
        owner.waitForEvent('download'),
        owner.getByRole('link', { name: `Download ${number} as PDF` }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      const path = await download.path();
      const bytes = await readFile(path);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    });

    it('shows a member without billing access none of the payment sections', async () => {
      const member = await demoPerson(size, 'member@demo.billfold.dev');
      await member.goto('/w/acme/billing');
      await member.getByTestId('no-billing-access').waitFor();
      for (const testId of ['payment-method', 'billing-details', 'invoices', 'invoice-row']) {
        expect(await member.getByTestId(testId).count()).toBe(0);
      }
      expect(await member.getByRole('button', { name: /payment method/i }).count()).toBe(0);
    });
  });

  describe('paying an open invoice from the page', () => {
    let owner: Page;
    const paySlug = `pay-now-${size.name}-${run}`;

    /** Calls the API from the page, as the signed-in owner (the browser adds the cookie and the Origin). */
    const api = (method: string, path: string, body?: unknown) => callApi(owner, method, path, body);

    /** Makes `number` the default card (through the sandbox and the API) and issues a $300.00 invoice. */
    async function openInvoiceWithCard(number: string): Promise<{ id: string; number: string }> {
      const token = await api('POST', '/sandbox/v1/tokens', { number, expMonth: 12, expYear: 2034, cvc: '123' });
      expect(token.status).toBe(201);
      const card = await api('POST', `/v1/workspaces/${paySlug}/payment-methods`, {
        token: token.body.id,
        makeDefault: true,
      });
      expect(card.status).toBe(201);
      const issued = await api('POST', `/v1/workspaces/${paySlug}/invoices`, {
        lines: [{ description: 'Onboarding workshop', quantity: 2, unitAmount: 15000 }],
      });
      expect(issued.status).toBe(201);
      await owner.goto(`/w/${paySlug}/billing`);
      await rowOf(issued.body.number).waitFor();
      return issued.body;
    }

    const rowOf = (number: string) => owner.getByTestId('invoice-row').filter({ hasText: number });
    const statusOf = (number: string) => rowOf(number).getByTestId('invoice-status').innerText();
    const invoiceState = async (id: string) => (await api('GET', `/v1/workspaces/${paySlug}/invoices/${id}`)).body;

    beforeAll(async () => {
      owner = await newPerson(size, 'Nina Now', `pay-now-${size.name}-${run}@example.test`);
      const created = await api('POST', '/v1/workspaces', { name: `Pay now ${size.name} ${run}`, slug: paySlug });
      expect(created.status).toBe(201);
    });

    it('pays with the default card: the row turns Paid with the card', async () => {
      const invoice = await openInvoiceWithCard('4242 4242 4242 4242');
      expect(await statusOf(invoice.number)).toBe('Open');
      expect(await rowOf(invoice.number).getByTestId('invoice-amount').innerText()).toBe('$300.00');
      await screenshot(owner, `pay-now-${size.name}`);
      await rowOf(invoice.number)
        .getByRole('button', { name: `Pay ${invoice.number} now` })
        .click();
      await expect.poll(() => statusOf(invoice.number)).toBe('Paid');
      expect(await rowOf(invoice.number).innerText()).toContain('Visa •••• 4242');
      expect(
        await rowOf(invoice.number)
          .getByRole('button', { name: /Pay .* now/ })
          .count(),
      ).toBe(0);
      expect(await invoiceState(invoice.id)).toMatchObject({ status: 'paid', total: 30000 });
    });

    it('a card whose charges fail: the reason is shown, the invoice stays open, another card pays it', async () => {
      const invoice = await openInvoiceWithCard('4000 0000 0000 0341');
      await rowOf(invoice.number)
        .getByRole('button', { name: `Pay ${invoice.number} now` })
        .click();
      await expect.poll(() => owner.getByTestId('invoice-pay-error').innerText()).toContain('Your card was declined.');
      await expect.poll(() => statusOf(invoice.number)).toBe('Payment failed');
      expect(await rowOf(invoice.number).innerText()).toContain('Visa •••• 0341');
      expect(await invoiceState(invoice.id)).toMatchObject({ status: 'open', payment: { status: 'failed' } });
      await screenshot(owner, `payment-failed-${size.name}`);

      await owner.getByRole('button', { name: 'Change payment method' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Change payment method' });
      await fillCard(dialog, '4242 4242 4242 4242');
      await dialog.getByRole('button', { name: 'Save card' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await confirmationShown(owner, 'Card saved');
      await expect.poll(() => owner.getByTestId('payment-method-card').innerText()).toBe('Visa •••• 4242');
      await rowOf(invoice.number)
        .getByRole('button', { name: `Pay ${invoice.number} now` })
        .click();
      await expect.poll(() => statusOf(invoice.number)).toBe('Paid');
      expect(await invoiceState(invoice.id)).toMatchObject({ status: 'paid', paymentMethod: { last4: '4242' } });
    });

    it('a card that needs authentication: the bank’s confirmation dialog, then Paid', async () => {
      const invoice = await openInvoiceWithCard('4000 0027 6000 3184');
      await rowOf(invoice.number)
        .getByRole('button', { name: `Pay ${invoice.number} now` })
        .click();
      const dialog = owner.getByRole('dialog', { name: 'Confirm the payment' });
      await dialog.waitFor();
      expect(await dialog.getByTestId('confirm-payment-text').innerText()).toBe(
        `Your bank asks you to confirm this payment of $300.00 for invoice ${invoice.number}.`,
      );
      expect(await invoiceState(invoice.id)).toMatchObject({ status: 'open', payment: { status: 'requires_action' } });
      await dialogScreenshot(owner, `confirm-payment-${size.name}`);
      await expectAccessible(owner, `Confirm the payment dialog (${size.name})`);
      await dialog.getByRole('button', { name: 'Confirm payment' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => statusOf(invoice.number)).toBe('Paid');
      expect(await invoiceState(invoice.id)).toMatchObject({
        status: 'paid',
        paymentMethod: { last4: '3184' },
        payment: { status: 'succeeded' },
      });
      await dialogsClosed(owner);
      await screenshot(owner, `invoice-paid-${size.name}`);
    });
  });
});
