// The invoice list as a customer meets it, at desktop and phone sizes: a declined first upgrade leaves a void
// invoice that stays folded away until "Show void invoices", then says why it is void; Export CSV downloads every
// invoice with its amounts and totals; on a phone the list is stacked cards, every action in reach, nothing wider
// than the screen.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  callApi,
  callApiOk,
  expectAccessible,
  pageSessionForThisFile,
  screenSizes,
  screenshot,
} from './support/page-session.ts';
import { screenshotDir } from './support/running-server.ts';

// Ten declined upgrades (a page of void invoices) from one address are as many as card-testing protection allows
// in an hour; this file's server allows more. Read by the server this file starts (startServer passes it on).
process.env.BILLFOLD_CARD_ATTEMPT_LIMIT = '100';

const { newPerson } = pageSessionForThisFile();

const run = Date.now().toString(36);
const start = '2030-03-10T12:00:00Z';

/** Makes `number` the workspace's default card, through the sandbox's card form endpoint and the API. */
async function defaultCard(page: Page, slug: string, number: string) {
  const token = await callApiOk(page, 'POST', '/sandbox/v1/tokens', {
    number,
    expMonth: 12,
    expYear: 2034,
    cvc: '123',
  });
  await callApiOk(page, 'POST', `/v1/workspaces/${slug}/payment-methods`, { token: token.id, makeDefault: true });
}

/** The invoices section alone, to look at closely (a phone's whole page is long). */
async function sectionShot(section: Locator, name: string) {
  await section.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** The page is no wider than the screen: nothing to scroll sideways. */
async function fitsTheScreen(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

for (const size of screenSizes) {
  describe(`invoices at ${size.name} size`, () => {
    let owner: Page;
    const slug = `invoices-${size.name}-${run}`;
    const numbers = { open: '', paid: '', void: '' };

    it('a declined first upgrade: its void invoice is folded away until asked for, then says why', async () => {
      owner = await newPerson(size, 'Ivy Invoices', `invoices-${size.name}-${run}@example.test`);
      await callApiOk(owner, 'POST', '/v1/workspaces', { name: `Invoices ${run}`, slug });
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/test-clock`, { frozenTime: start });
      // The first upgrade to Team goes to a card whose charges all fail: declined, its invoice voided.
      await defaultCard(owner, slug, '4000 0000 0000 0341');
      const declined = await callApi(owner, 'POST', `/v1/workspaces/${slug}/subscription`, { plan: 'team', seats: 1 });
      expect(declined.status, JSON.stringify(declined.body)).toBe(402);
      // Then a good card: Team for 1 seat × $12.00, paid; and a one-off invoice left open.
      await defaultCard(owner, slug, '4242 4242 4242 4242');
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/subscription`, { plan: 'team', seats: 1 });
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/invoices`, {
        lines: [{ description: 'Onboarding workshop', quantity: 2, unitAmount: 15000 }],
      });
      const listed = await callApiOk(owner, 'GET', `/v1/workspaces/${slug}/invoices`);
      const byStatus = (status: string) => listed.data.find((i: { status: string }) => i.status === status)?.number;
      Object.assign(numbers, { open: byStatus('open'), paid: byStatus('paid'), void: byStatus('void') });
      expect(listed.data.map((i: { status: string }) => i.status)).toEqual(['open', 'paid', 'void']);

      await owner.goto(`/w/${slug}/billing`);
      const section = owner.getByTestId('invoices');
      const rows = section.getByTestId('invoice-row');
      await expect.poll(() => rows.count()).toBe(2);
      expect(await section.getByTestId('invoice-number').allInnerTexts()).toEqual([numbers.open, numbers.paid]);
      expect(await rows.nth(0).getByTestId('invoice-amount').innerText()).toBe('$300.00');
      expect(await rows.nth(0).getByTestId('invoice-status').innerText()).toBe('Open');
      expect(await rows.nth(1).getByTestId('invoice-amount').innerText()).toBe('$12.00');
      expect(await rows.nth(1).getByTestId('invoice-status').innerText()).toBe('Paid');
      expect(await rows.nth(1).innerText()).toContain('Mar 10, 2030');
      expect(await section.innerText()).not.toContain('Void');
      expect(await section.innerText()).not.toContain(numbers.void);
      const toggle = section.getByRole('button', { name: 'Show void invoices (1)' });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await fitsTheScreen(owner, size.width);
      await screenshot(owner, `invoices-void-hidden-${size.name}`);
      await sectionShot(section, `invoices-section-void-hidden-${size.name}`);

      await toggle.click();
      await expect.poll(() => rows.count()).toBe(3);
      const voided = rows.filter({ hasText: numbers.void });
      expect(await voided.getByTestId('invoice-status').innerText()).toBe('Void');
      expect(await voided.getByTestId('invoice-void-reason').innerText()).toBe(
        'Payment declined — nothing was charged',
      );
      expect(await voided.getByTestId('invoice-amount').innerText()).toBe('$12.00');
      // Only the void invoice has a reason to give.
      expect(await section.getByTestId('invoice-void-reason').count()).toBe(1);
      const hide = section.getByRole('button', { name: 'Hide void invoices' });
      expect(await hide.getAttribute('aria-expanded')).toBe('true');
      await fitsTheScreen(owner, size.width);
      await expectAccessible(owner, `billing page with void invoices shown (${size.name})`);
      await screenshot(owner, `invoices-void-shown-${size.name}`);
      await sectionShot(section, `invoices-section-void-shown-${size.name}`);

      await hide.click();
      await expect.poll(() => rows.count()).toBe(2);
      expect(await section.getByRole('button', { name: 'Show void invoices (1)' }).count()).toBe(1);
    });

    it('keeps every action in reach: Pay now on the open invoice, the PDF of each', async () => {
      const section = owner.getByTestId('invoices');
      for (const number of [numbers.open, numbers.paid]) {
        const pdf = section.getByRole('link', { name: `Download ${number} as PDF` });
        const box = await pdf.boundingBox();
        expect(box, `the PDF link of ${number}`).not.toBeNull();
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(size.width);
      }
      const pay = section.getByRole('button', { name: `Pay ${numbers.open} now` });
      const box = await pay.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(size.width);
      expect(await section.getByRole('button', { name: `Pay ${numbers.paid} now` }).count()).toBe(0);
      // A table on a wide screen, stacked cards on a phone.
      expect(await section.getByRole('table').count()).toBe(size.name === 'desktop' ? 1 : 0);
      expect(await section.getByRole('list').count()).toBe(size.name === 'desktop' ? 0 : 1);
    });

    it('exports every invoice as CSV: the paid one’s total, the void one at nothing owed, totals without it', async () => {
      const [download] = await Promise.all([
        owner.waitForEvent('download'),
        owner.getByTestId('invoices').getByRole('link', { name: 'Export CSV' }).click(),
      ]);
      // Named for the day it was downloaded (the server's day, not the workspace's test clock).
      expect(download.suggestedFilename()).toMatch(new RegExp(`^invoices-${slug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      const csv = await readFile(await download.path(), 'utf8');
      expect(csv.split('\r\n')).toEqual([
        'Number,Issued,Status,Currency,Subtotal,Tax,Total,Amount paid,Amount due',
        `${numbers.open},2030-03-10,open,USD,300.00,0.00,300.00,0.00,300.00`,
        `${numbers.paid},2030-03-10,paid,USD,12.00,0.00,12.00,12.00,0.00`,
        `${numbers.void},2030-03-10,void,USD,12.00,0.00,12.00,0.00,0.00`,
        // $300.00 + $12.00: the void invoice was never owed.
        'Total,,excluding void,USD,312.00,0.00,312.00,12.00,300.00',
        '',
      ]);
    });

    it('a page of void invoices says older invoices follow; Load more brings the paid one and counts all void', async () => {
      const many = `invoices-many-${size.name}-${run}`;
      await callApiOk(owner, 'POST', '/v1/workspaces', { name: `Many void ${run}`, slug: many });
      await defaultCard(owner, many, '4242 4242 4242 4242');
      const workshop = await callApiOk(owner, 'POST', `/v1/workspaces/${many}/invoices`, {
        lines: [{ description: 'Onboarding workshop', quantity: 1, unitAmount: 15000 }],
      });
      await callApiOk(owner, 'POST', `/v1/workspaces/${many}/invoices/${workshop.id}/pay`, {});
      // Then ten upgrades to a card whose charges all fail: ten void invoices, a whole page of the list.
      await defaultCard(owner, many, '4000 0000 0000 0341');
      for (let i = 0; i < 10; i++) {
        const declined = await callApi(owner, 'POST', `/v1/workspaces/${many}/subscription`, {
          plan: 'team',
          seats: 1,
        });
        expect(declined.status, JSON.stringify(declined.body)).toBe(402);
      }

      await owner.goto(`/w/${many}/billing`);
      const section = owner.getByTestId('invoices');
      await expect
        .poll(() => section.getByTestId('invoices-only-void').innerText())
        .toBe('The latest invoices are void ones, for payments that did not go through; older invoices follow.');
      expect(await section.getByTestId('invoice-row').count()).toBe(0);
      expect(await section.getByTestId('invoices-void-toggle').innerText()).toBe('Show void invoices (10 so far)');
      await sectionShot(section, `invoices-section-page-of-void-${size.name}`);

      await section.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => section.getByTestId('invoice-number').allInnerTexts()).toEqual([workshop.number]);
      expect(await section.getByTestId('invoice-status').innerText()).toBe('Paid');
      expect(await section.getByTestId('invoices-only-void').count()).toBe(0);
      expect(await section.getByTestId('invoices-void-toggle').innerText()).toBe('Show void invoices (10)');
      expect(await section.getByRole('button', { name: 'Load more' }).count()).toBe(0);
      await fitsTheScreen(owner, size.width);
    });
  });
}
