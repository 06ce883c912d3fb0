// The hosted invoice page as a payer who holds only its link (no sign-in), at desktop and phone sizes: an open
// invoice shows its due date and "Pay $300.00"; a declined card says nothing was charged and the invoice stays
// open; 4242… pays it and a reload still says Paid; a card that asks for 3-D Secure shows the bank's confirmation
// step, then Paid; while the subscription is past due the page says "Amount due now" at the top, and paying there
// brings the subscription back. axe-core finds nothing serious on the page in any of its states.
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

const { newPerson, newContext } = pageSessionForThisFile();

const run = Date.now().toString(36);

/** A one-off $300.00 invoice of the owner's workspace, open; answers its hosted page's path. */
async function openInvoicePath(owner: Page, slug: string): Promise<string> {
  const invoice = await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/invoices`, {
    lines: [{ description: 'Onboarding workshop', quantity: 2, unitAmount: 15000 }],
  });
  expect(invoice.status).toBe('open');
  return new URL(invoice.hostedUrl).pathname;
}

/** The payer: a browser that never signed in, at `size`, on the hosted page. */
async function payerOn(path: string, size: { width: number; height: number }): Promise<Page> {
  const page = await (await newContext()).newPage();
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.goto(path);
  return page;
}

async function fillCard(page: Page, number: string) {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry').fill('12/34');
  await page.getByLabel('CVC').fill('123');
}

for (const size of screenSizes) {
  describe(`at ${size.name} size (${size.width}×${size.height})`, () => {
    const slug = `hosted-${size.name}-${run}`;
    let owner: Page;

    it('shows the due date; a declined card charges nothing; 4242 pays it and a reload says Paid', async () => {
      owner = await newPerson(size, `Hana Hosted ${size.name}`, `hosted-${size.name}-${run}@example.test`);
      await callApiOk(owner, 'POST', '/v1/workspaces', { name: `Hosted ${size.name}`, slug });
      const payer = await payerOn(await openInvoicePath(owner, slug), size);

      await expect.poll(() => payer.locator('body').innerText(), patiently).toContain('Pay this invoice');
      expect(await payer.getByTestId('due-date').innerText()).toMatch(/^Due [A-Z][a-z]{2} \d{1,2}, \d{4}$/);
      expect(await payer.locator('#invoice-status').innerText()).toMatch(/open/i);
      const pay = payer.getByRole('button', { name: 'Pay $300.00' });
      expect(await pay.isVisible()).toBe(true);
      await expectAccessible(payer, `hosted invoice, open (${size.name})`);
      await screenshot(payer, `hosted-invoice-open-${size.name}`);

      // Submitting an empty form names each field, and asks nothing of the card processor.
      await pay.click();
      expect(await payer.locator('#card-number-error').innerText()).toBe('Your card number is incomplete.');

      await fillCard(payer, '4000 0000 0000 0002');
      await pay.click();
      const error = payer.getByRole('alert');
      await expect.poll(() => error.innerText(), patiently).toBe('Your card was declined. Nothing was charged.');
      expect(await payer.locator('#invoice-status').innerText()).toMatch(/open/i);
      await expectAccessible(payer, `hosted invoice, declined (${size.name})`);
      await screenshot(payer, `hosted-invoice-declined-${size.name}`);

      await fillCard(payer, '4242 4242 4242 4242');
      await pay.click();
      const done = payer.getByRole('status').filter({ hasText: 'Paid' });
      await expect
        .poll(() => done.innerText(), patiently)
        .toBe('Paid — thank you. $300.00 was charged with the card ending in 4242.');
      expect(await payer.locator('#invoice-status').innerText()).toMatch(/paid/i);
      expect(await error.isVisible()).toBe(false);
      await screenshot(payer, `hosted-invoice-paid-${size.name}`);

      await payer.reload();
      expect(await payer.locator('#invoice-status').innerText()).toMatch(/paid/i);
      expect(await payer.locator('body').innerText()).toContain('Paid with Visa ending in 4242');
      expect(await payer.getByRole('button', { name: /^Pay / }).count()).toBe(0);
      expect(await payer.getByTestId('due-date').count()).toBe(0);
      await expectAccessible(payer, `hosted invoice, paid (${size.name})`);
      await screenshot(payer, `hosted-invoice-paid-reloaded-${size.name}`);
    });

    it('a card that asks for 3-D Secure shows the bank’s confirmation, then Paid', async () => {
      const payer = await payerOn(await openInvoicePath(owner, slug), size);
      await fillCard(payer, '4000 0027 6000 3184');
      await payer.getByRole('button', { name: 'Pay $300.00' }).click();
      const confirm = payer.getByRole('button', { name: 'Confirm payment' });
      await confirm.waitFor({ state: 'visible', ...patiently });
      expect(await payer.locator('#confirm-step').innerText()).toContain(
        'Your bank asks you to confirm this payment of $300.00.',
      );
      await expectAccessible(payer, `hosted invoice, 3-D Secure (${size.name})`);
      await screenshot(payer, `hosted-invoice-3ds-${size.name}`);

      await confirm.click();
      await expect
        .poll(() => payer.getByRole('status').filter({ hasText: 'Paid' }).innerText(), patiently)
        .toBe('Paid — thank you. $300.00 was charged with the card ending in 3184.');
      await payer.reload();
      expect(await payer.locator('#invoice-status').innerText()).toMatch(/paid/i);
      await screenshot(payer, `hosted-invoice-3ds-paid-${size.name}`);
    });

    it('while the subscription is past due the page says "Amount due now"; paying it brings the plan back', async () => {
      const lateSlug = `late-${size.name}-${run}`;
      await callApiOk(owner, 'POST', '/v1/workspaces', { name: `Late ${size.name}`, slug: lateSlug });
      const start = Date.now();
      await callApiOk(owner, 'POST', `/v1/workspaces/${lateSlug}/test-clock`, {
        frozenTime: new Date(start).toISOString(),
      });
      const card = async (number: string) => {
        const token = await callApiOk(owner, 'POST', '/sandbox/v1/tokens', {
          number,
          expMonth: 12,
          expYear: 2034,
          cvc: '123',
        });
        await callApiOk(owner, 'POST', `/v1/workspaces/${lateSlug}/payment-methods`, {
          token: token.id,
          makeDefault: true,
        });
      };
      await card('4242 4242 4242 4242');
      await callApiOk(owner, 'POST', `/v1/workspaces/${lateSlug}/subscription`, {
        plan: 'team',
        interval: 'month',
        seats: 3,
      });
      // A card whose charges fail, then the renewal a month on: past due.
      await card('4000 0000 0000 0341');
      await callApiOk(owner, 'POST', `/v1/workspaces/${lateSlug}/test-clock/advance`, {
        to: new Date(start + 32 * 86_400_000).toISOString(),
      });
      const billing = await callApiOk(owner, 'GET', `/v1/workspaces/${lateSlug}/billing`);
      expect(billing.subscription.status).toBe('past_due');
      const renewal = await callApiOk(
        owner,
        'GET',
        `/v1/workspaces/${lateSlug}/invoices/${billing.subscription.pastDue.invoiceId}`,
      );
      const amount = `$${(renewal.total / 100).toFixed(2)}`;

      const payer = await payerOn(new URL(renewal.hostedUrl).pathname, size);
      const dueNow = payer.getByTestId('amount-due-now');
      expect(await dueNow.innerText()).toContain(`Amount due now: ${amount}`);
      expect(await payer.locator('body').innerText()).toContain('The last payment attempt failed');
      await expectAccessible(payer, `hosted invoice, past due (${size.name})`);
      await screenshot(payer, `hosted-invoice-past-due-${size.name}`);

      await fillCard(payer, '4242 4242 4242 4242');
      await payer.getByRole('button', { name: `Pay ${amount}` }).click();
      await expect
        .poll(() => payer.getByRole('status').filter({ hasText: 'Paid' }).innerText(), patiently)
        .toContain('Paid — thank you.');
      expect(await dueNow.isVisible()).toBe(false);
      const after = await callApiOk(owner, 'GET', `/v1/workspaces/${lateSlug}/billing`);
      expect(after.subscription.status).toBe('active');
    });
  });
}
