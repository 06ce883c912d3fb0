import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addCardThrough,
  callApi,
  dialogScreenshot,
  dialogsClosed,
  expectAccessible,
  fillCard,
  pageSessionForThisFile,
  screenSizes,
  screenshot,
  signUp,
} from './support/page-session.ts';

const { baseUrl, newContext } = pageSessionForThisFile();

/** The operator's product debiting credits with a workspace API key, as it would from its own servers. */
async function consume(token: string, slug: string, amount: number, description: string) {
  const response = await fetch(`${baseUrl()}/v1/workspaces/${slug}/credits/consume`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify({ amount, description }),
  });
  return { status: response.status, body: await response.json() };
}

/** A new workspace of the signed-in user, with `card` as its default card when given, switched to Flex Credits. */
async function flexWorkspace(page: Page, slug: string, card: string | null) {
  const created = await callApi(page, 'POST', '/v1/workspaces', { name: `Credits ${slug}`, slug });
  expect(created.status).toBe(201);
  if (card) {
    const token = await callApi(page, 'POST', '/sandbox/v1/tokens', {
      number: card,
      expMonth: 12,
      expYear: 2034,
      cvc: '123',
    });
    expect(token.status).toBe(201);
    const saved = await callApi(page, 'POST', `/v1/workspaces/${slug}/payment-methods`, {
      token: token.body.id,
      makeDefault: true,
    });
    expect(saved.status).toBe(201);
  }
  const flex = await callApi(page, 'POST', `/v1/workspaces/${slug}/subscription`, { plan: 'flex' });
  expect(flex.status, JSON.stringify(flex.body)).toBeLessThan(300);
}

/** The bars the usage chart draws (a day without use draws none), left to right, within the plot's width. */
async function drawnBars(page: Page) {
  return page.getByTestId('credit-usage-chart').evaluate((chart) => {
    const plot = chart.querySelector('.recharts-cartesian-grid')?.getBoundingClientRect();
    const bars = [...chart.querySelectorAll('.recharts-bar-rectangle path')]
      .map((bar) => bar.getBoundingClientRect())
      .filter((box) => box.height > 0);
    return {
      plot: plot ? { left: plot.left, right: plot.right } : null,
      bars: bars.map((box) => ({ left: box.left, right: box.right, height: box.height })),
    };
  });
}

const run = Date.now().toString(36);

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  describe('Flex Credits: buying a pack and using it', () => {
    let owner: Page;
    const slug = `credits-${size.name}-${run}`;
    let firstInvoiceNumber = '';

    it('shows a Flex workspace’s Credits section with nothing in it yet', async () => {
      owner = await (await newContext()).newPage();
      await owner.setViewportSize({ width: size.width, height: size.height });
      await signUp(owner, 'Cora Credits', `credits-${size.name}-${run}@example.test`);
      await flexWorkspace(owner, slug, '4242424242424242');
      await owner.goto(`/w/${slug}/billing`);
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Flex Credits');
      const section = owner.getByRole('region', { name: 'Credits', exact: true });
      await expect.poll(() => section.getByTestId('credits-balance').innerText()).toBe('0 credits');
      expect(await section.getByTestId('credits-used').innerText()).toBe('No credits this period yet');
      // The balance comes with the page's summary; grants and the ledger arrive with their own requests.
      await expect.poll(() => section.getByTestId('credit-grants-none').count()).toBe(1);
      await expect
        .poll(() => section.getByTestId('credit-transactions-none').innerText())
        .toBe('No credits granted or used yet.');
      // Flex renews nothing.
      expect(await section.getByTestId('credits-renews').count()).toBe(0);
      expect(await section.getByTestId('auto-top-up-status').innerText()).toBe(
        'Off: credits are added only when you buy them.',
      );
      // DESIGN.md's order: Credits between Usage and Payment method.
      const titles = await owner
        .locator('section[aria-labelledby]')
        .evaluateAll((sections) =>
          sections.map((s) => document.getElementById(s.getAttribute('aria-labelledby') ?? '')?.textContent),
        );
      expect(titles).toEqual([
        'Current plan',
        'Usage',
        'Credits',
        'Payment method',
        'Billing details',
        'Invoices',
        'Activity',
      ]);
      await expect.poll(() => owner.getByTestId('no-invoices').count()).toBe(1);
      await screenshot(owner, `credits-empty-${size.name}`);
    });

    it('adds the 5,000-credit pack for $45.00: the balance, the grant and a paid invoice show at once', async () => {
      await owner.getByRole('button', { name: 'Add credits' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Add credits' });
      await dialog.waitFor();
      // The plan's packs, priced as on the invoices, and an amount of one's own choosing.
      const packs = dialog.getByTestId('credit-pack');
      expect(await packs.count()).toBe(3);
      const pack = dialog.getByRole('radio', { name: /^5,000 credits/ });
      expect(await pack.getByTestId('credit-pack-price').innerText()).toBe('$45.00');
      expect(await pack.innerText()).toContain('$9.00 per 1,000 credits');
      expect(await dialog.getByRole('button', { name: 'Add credits' }).isDisabled()).toBe(true);

      // A custom amount is priced by the server, per 1,000 credits: 2,500 × $10.00 / 1,000 = $25.00, no tax here.
      await dialog.getByRole('radio', { name: /^Another amount/ }).click();
      const asked = owner.waitForResponse((r) => r.url().includes('/credits/quote?credits=2500'));
      await dialog.getByLabel('Credits', { exact: true }).fill('2500');
      const quoted = await (await asked).json();
      expect(quoted).toMatchObject({ credits: 2500, subtotal: 2500, tax: 0, total: 2500, currency: 'usd' });
      await expect.poll(() => dialog.getByTestId('buy-credits-amount').innerText()).toBe('$25.00');
      expect(await dialog.getByTestId('buy-credits-subtotal').innerText()).toBe('$25.00');
      expect(await dialog.getByTestId('buy-credits-tax').innerText()).toBe('$0.00');
      await expectAccessible(owner, 'Add credits dialog');
      await dialog.getByLabel('Credits', { exact: true }).fill('999');
      await expect.poll(() => dialog.getByTestId('buy-credits-amount').count()).toBe(0);
      expect(await dialog.getByLabel('Credits', { exact: true }).getAttribute('aria-invalid')).toBe('true');

      await pack.click();
      await expect.poll(() => dialog.getByTestId('buy-credits-amount').innerText()).toBe('$45.00');
      expect(await dialog.getByTestId('buy-credits-card').innerText()).toBe('Charged to Visa •••• 4242');
      await dialogScreenshot(owner, `credits-buy-${size.name}`);
      await dialog.getByRole('button', { name: 'Pay $45.00' }).click();
      await dialog.waitFor({ state: 'hidden' });

      const section = owner.getByRole('region', { name: 'Credits', exact: true });
      await expect.poll(() => section.getByTestId('credits-balance').innerText()).toBe('5,000 credits');
      expect(await owner.getByRole('alert').filter({ hasText: 'Credits added' }).innerText()).toContain(
        '5,000 credits are in the balance now.',
      );
      expect(await section.getByTestId('credits-used').innerText()).toBe('0 of 5,000 used this period');
      const figures = (await callApi(owner, 'GET', `/v1/workspaces/${slug}/billing`)).body.credits;
      expect(figures).toMatchObject({ balance: 5000, periodTotal: 5000, periodUsed: 0 });
      expect(await section.getByTestId('credits-total-explained').innerText()).toBe(
        '5,000 is what you had this period: the 5,000 available now plus the 0 used.',
      );
      const grants = section.getByTestId('credit-grant');
      await expect.poll(() => grants.count()).toBe(1);
      expect(await grants.first().getByTestId('credit-grant-remaining').innerText()).toBe(
        '5,000 of 5,000 credits left',
      );
      expect(await grants.first().getByTestId('credit-grant-expiry').innerText()).toMatch(/^Never expires/);
      const entries = section.getByTestId('credit-transaction');
      await expect.poll(() => entries.count()).toBe(1);
      expect(await entries.first().getByTestId('credit-transaction-credits').innerText()).toBe('+5,000');

      const rows = owner.getByTestId('invoice-row');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().getByTestId('invoice-amount').innerText()).toBe('$45.00');
      expect(await rows.first().getByTestId('invoice-status').innerText()).toBe('Paid');
      expect(await rows.first().innerText()).toContain('Visa •••• 4242');
      firstInvoiceNumber = await rows.first().getByTestId('invoice-number').innerText();
      // The invoice is for the credits.
      const invoices = await callApi(owner, 'GET', `/v1/workspaces/${slug}/invoices`);
      expect(invoices.body.data[0].lines[0].description).toMatch(/5,000 credits/i);
    });

    it('shows credits the product consumed through the API: the period’s use, the balance and today’s bar', async () => {
      const key = await callApi(owner, 'POST', `/v1/workspaces/${slug}/api-keys`, { name: 'Product backend' });
      expect(key.status).toBe(201);
      const consumed = await consume(key.body.token, slug, 1200, 'report run');
      expect(consumed.status, JSON.stringify(consumed.body)).toBeLessThan(300);
      expect(consumed.body).toMatchObject({ amount: 1200, balance: 3800 });
      // The UTC day the debit was counted on is the chart's last day.
      const today = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
        new Date(consumed.body.createdAt),
      );

      await owner.reload();
      const section = owner.getByRole('region', { name: 'Credits', exact: true });
      await expect.poll(() => section.getByTestId('credits-balance').innerText()).toBe('3,800 credits');
      expect(await section.getByTestId('credits-used').innerText()).toBe('1,200 of 5,000 used this period');
      const progress = section.getByRole('progressbar', { name: 'Credits used this period: 1,200 of 5,000' });
      // 1,200 / 5,000 = 24%.
      expect(await progress.getAttribute('aria-valuenow')).toBe('24');
      await expect
        .poll(() => section.getByTestId('credit-grant-remaining').innerText())
        .toBe('3,800 of 5,000 credits left');

      const chart = section.getByRole('figure');
      await expect
        .poll(() => chart.getAttribute('aria-label'))
        .toBe(`Credits used per day, last 30 days: 1,200 credits in all; 1,200 credits on ${today}`);
      expect(await section.getByTestId('credit-usage-total').innerText()).toBe('1,200 credits used');
      // One bar is drawn, the last day's, at the right end of the plot.
      await expect.poll(async () => (await drawnBars(owner)).bars.length).toBe(1);
      const { plot, bars } = await drawnBars(owner);
      if (!plot || !bars[0]) throw new Error('the usage chart drew no plot');
      expect(bars[0].height).toBeGreaterThan(20);
      expect(bars[0].right).toBeGreaterThan(plot.right - (plot.right - plot.left) / 30);

      // The ledger's newest entry is the debit, with the balance after it.
      const newest = section.getByTestId('credit-transaction').first();
      await expect.poll(() => newest.innerText()).toContain('report run');
      expect(await newest.getByTestId('credit-transaction-credits').innerText()).toBe('−1,200');
      expect(await newest.innerText()).toContain('3,800');
      await dialogsClosed(owner);
      await screenshot(owner, `credits-used-${size.name}`);
    });

    it('a card whose charges fail: the dialog shows the decline, and nothing is added', async () => {
      await owner.getByRole('button', { name: 'Change payment method' }).click();
      const cardDialog = owner.getByRole('dialog', { name: 'Change payment method' });
      await fillCard(cardDialog, '4000 0000 0000 0341');
      await cardDialog.getByRole('button', { name: 'Save card' }).click();
      await cardDialog.waitFor({ state: 'hidden' });
      await expect.poll(() => owner.getByTestId('payment-method-card').innerText()).toBe('Visa •••• 0341');

      await owner.getByRole('button', { name: 'Add credits' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Add credits' });
      await dialog.getByRole('radio', { name: /^1,000 credits/ }).click();
      expect(await dialog.getByTestId('buy-credits-card').innerText()).toBe('Charged to Visa •••• 0341');
      const pay = dialog.getByRole('button', { name: 'Pay $10.00' });
      await pay.click();
      await expect.poll(() => dialog.getByTestId('buy-credits-error').innerText()).toContain('Your card was declined.');
      expect(await dialog.getByTestId('buy-credits-error').innerText()).toContain('Credits not added');
      await expect.poll(() => pay.isEnabled()).toBe(true);
      // The choice stays, so another card can be tried from here.
      expect(await dialog.getByRole('radio', { name: /^1,000 credits/ }).getAttribute('aria-checked')).toBe('true');
      expect(await dialog.getByRole('button', { name: 'Use another card' }).count()).toBe(1);
      await dialogScreenshot(owner, `credits-declined-${size.name}`);

      // Nothing changed behind the dialog, nor on the server.
      const section = owner.getByRole('region', { name: 'Credits', exact: true });
      expect(await section.getByTestId('credits-balance').innerText()).toBe('3,800 credits');
      const credits = await callApi(owner, 'GET', `/v1/workspaces/${slug}/credits`);
      expect(credits.body).toMatchObject({ balance: 3800, periodUsed: 1200, periodTotal: 5000 });
      expect(credits.body.grants).toHaveLength(1);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await section.getByTestId('credits-balance').innerText()).toBe('3,800 credits');
      // The voided invoice of the refused charge is no paid one; it is folded away until asked for, then says why.
      const paid = owner.getByTestId('invoice-row').filter({ hasText: 'Paid' });
      expect(await paid.count()).toBe(1);
      expect(await paid.getByTestId('invoice-number').innerText()).toBe(firstInvoiceNumber);
      const invoiceRows = owner.getByTestId('invoice-row');
      await expect.poll(() => owner.getByTestId('invoices-void-toggle').innerText()).toBe('Show void invoices (1)');
      expect(await invoiceRows.count()).toBe(1);
      await owner.getByRole('button', { name: 'Show void invoices (1)' }).click();
      await expect.poll(() => invoiceRows.count()).toBe(2);
      const voided = invoiceRows.filter({ hasText: 'Void' });
      expect(await voided.getByTestId('invoice-void-reason').innerText()).toBe(
        'Payment declined — nothing was charged',
      );
      expect(await voided.getByTestId('invoice-amount').innerText()).toBe('$10.00');
      await owner.getByRole('button', { name: 'Hide void invoices' }).click();
      await expect.poll(() => invoiceRows.count()).toBe(1);
    });

    it('saves an auto top-up and shows it', async () => {
      const form = owner.getByTestId('auto-top-up');
      const toggle = form.getByRole('switch', { name: 'Auto top-up' });
      expect(await toggle.isChecked()).toBe(false);
      await form.getByText('Auto top-up', { exact: true }).click();
      expect(await toggle.isChecked()).toBe(true);
      await form.getByLabel('Pack to buy').click();
      await owner.getByRole('option', { name: '5,000 credits ($45.00)' }).click();
      await form.getByLabel('When the balance falls below').fill('500');
      await form.getByRole('button', { name: 'Save auto top-up' }).click();
      await expect
        .poll(() => form.getByTestId('auto-top-up-status').innerText())
        .toBe('On: buys 5,000 credits for $45.00 when the balance falls below 500 credits.');
      // Saved: the form shows the setting again, with nothing left to save.
      await expect.poll(() => form.getByRole('button', { name: 'Save auto top-up' }).count()).toBe(0);
      const credits = await callApi(owner, 'GET', `/v1/workspaces/${slug}/credits`);
      expect(credits.body.autoTopUp).toEqual({ enabled: true, packId: 'credits_5000', threshold: 500 });
      await owner.reload();
      await expect
        .poll(() => form.getByTestId('auto-top-up-status').innerText())
        .toBe('On: buys 5,000 credits for $45.00 when the balance falls below 500 credits.');
      expect(await toggle.isChecked()).toBe(true);
      expect(await form.getByLabel('When the balance falls below').inputValue()).toBe('500 credits');
      await dialogsClosed(owner);
      await screenshot(owner, `credits-auto-top-up-${size.name}`);
    });

    it('tops up by itself when consumption takes the balance below the threshold', async () => {
      // The card that pays again.
      await owner.getByRole('button', { name: 'Make Visa •••• 4242 the default' }).click();
      await expect.poll(() => owner.getByTestId('payment-method-card').innerText()).toBe('Visa •••• 4242');
      const key = await callApi(owner, 'POST', `/v1/workspaces/${slug}/api-keys`, { name: 'Nightly reports' });
      // 3,800 − 3,400 = 400, below the threshold of 500: the 5,000-credit pack is bought right after.
      const consumed = await consume(key.body.token, slug, 3400, 'monthly export');
      expect(consumed.status, JSON.stringify(consumed.body)).toBeLessThan(300);
      expect(consumed.body.balance).toBe(400);

      const section = owner.getByRole('region', { name: 'Credits', exact: true });
      await expect
        .poll(async () => {
          await owner.reload();
          return section.getByTestId('credits-balance').innerText();
        })
        .toBe('5,400 credits');
      const paid = owner.getByTestId('invoice-row').filter({ hasText: 'Paid' });
      await expect.poll(() => paid.count()).toBe(2);
      expect(await paid.first().getByTestId('invoice-amount').innerText()).toBe('$45.00');
      const newest = section.getByTestId('credit-transaction').first();
      expect(await newest.getByTestId('credit-transaction-credits').innerText()).toBe('+5,000');
    });
  });

  describe('adding credits without a card, and with one the bank must confirm', () => {
    let owner: Page;

    beforeAll(async () => {
      owner = await (await newContext()).newPage();
      await owner.setViewportSize({ width: size.width, height: size.height });
      await signUp(owner, 'Nico Nocard', `credits-nocard-${size.name}-${run}@example.test`);
    });

    it('asks for a card first; once added, the chosen pack is bought', async () => {
      const slug = `credits-nocard-${size.name}-${run}`;
      await flexWorkspace(owner, slug, null);
      await owner.goto(`/w/${slug}/billing`);
      await owner.getByRole('button', { name: 'Add credits' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Add credits' });
      await dialog.getByRole('radio', { name: /^1,000 credits/ }).click();
      expect(await dialog.getByTestId('buy-credits-needs-card').innerText()).toContain('Add a card first');
      expect(await dialog.getByRole('button', { name: /^Pay/ }).count()).toBe(0);
      await dialogScreenshot(owner, `credits-needs-card-${size.name}`);

      await addCardThrough(dialog, '4242 4242 4242 4242');
      // Back in the dialog with the choice kept and the new card named.
      await expect.poll(() => dialog.getByTestId('buy-credits-card').innerText()).toBe('Charged to Visa •••• 4242');
      await dialog.getByRole('button', { name: 'Pay $10.00' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect
        .poll(() =>
          owner.getByRole('region', { name: 'Credits', exact: true }).getByTestId('credits-balance').innerText(),
        )
        .toBe('1,000 credits');
    });

    it('a card that needs the bank’s confirmation: confirmed in the dialog, then the credits are added', async () => {
      const slug = `credits-3ds-${size.name}-${run}`;
      await flexWorkspace(owner, slug, '4000002760003184');
      await owner.goto(`/w/${slug}/billing`);
      await owner.getByRole('button', { name: 'Add credits' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Add credits' });
      await dialog.getByRole('radio', { name: /^5,000 credits/ }).click();
      await dialog.getByRole('button', { name: 'Pay $45.00' }).click();
      const bank = owner.getByRole('dialog', { name: 'Confirm the payment' });
      await bank.waitFor();
      expect(await bank.getByTestId('confirm-payment-text').innerText()).toMatch(
        /^Your bank asks you to confirm this payment of \$45\.00 for invoice [A-Z0-9]+-\d{6}\.$/,
      );
      // Nothing is added before the payment is confirmed.
      const before = await callApi(owner, 'GET', `/v1/workspaces/${slug}/credits`);
      expect(before.body.balance).toBe(0);
      await bank.getByRole('button', { name: 'Confirm payment' }).click();
      await bank.waitFor({ state: 'hidden' });
      const section = owner.getByRole('region', { name: 'Credits', exact: true });
      await expect.poll(() => section.getByTestId('credits-balance').innerText()).toBe('5,000 credits');
      expect(await owner.getByRole('dialog').count()).toBe(0);
      const row = owner.getByTestId('invoice-row').first();
      await expect.poll(() => row.getByTestId('invoice-status').innerText()).toBe('Paid');
      expect(await row.getByTestId('invoice-amount').innerText()).toBe('$45.00');
    });

    it('a purchase whose answer is lost on the way, paid again from the same dialog, is charged once', async () => {
      const slug = `credits-retry-${size.name}-${run}`;
      await flexWorkspace(owner, slug, '4242424242424242');
      await owner.goto(`/w/${slug}/billing`);
      // The server charges the first purchase, then the connection drops before its answer reaches the page.
      const sent: { key: string | undefined; replayed: string | undefined }[] = [];
      await owner.route(`**/v1/workspaces/${slug}/credits/purchases`, async (route) => {
        const response = await route.fetch();
        sent.push({
          key: route.request().headers()['idempotency-key'],
          replayed: response.headers()['idempotent-replayed'],
        });
        if (sent.length === 1) await route.abort('connectionreset');
        else await route.fulfill({ response });
      });
      await owner.getByRole('button', { name: 'Add credits' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Add credits' });
      await dialog.getByRole('radio', { name: /^5,000 credits/ }).click();
      await dialog.getByRole('button', { name: 'Pay $45.00' }).click();
      await expect.poll(() => sent.length).toBe(1);
      // The page never heard back: the dialog stays open with its error, and the buyer pays again.
      await expect
        .poll(() => dialog.getByRole('alert').innerText())
        .toBe(
          'No answer from Billfold\nThe connection to Billfold was lost before it answered. Check your connection and ' +
            'try again. Sending it again is safe: it is the same request, so it is charged at most once.',
        );
      const payAgain = dialog.getByRole('button', { name: 'Pay $45.00' });
      await expect.poll(() => payAgain.isEnabled()).toBe(true);
      await dialogScreenshot(owner, `credits-connection-lost-${size.name}`);
      await payAgain.click();
      await dialog.waitFor({ state: 'hidden' });
      await owner.unroute(`**/v1/workspaces/${slug}/credits/purchases`);

      // The second try carried the first try's key, so the server answered the first purchase again.
      expect(sent).toHaveLength(2);
      expect(sent[1]?.key).toBe(sent[0]?.key);
      expect(sent[1]?.replayed).toBe('true');
      const section = owner.getByRole('region', { name: 'Credits', exact: true });
      await expect.poll(() => section.getByTestId('credits-balance').innerText()).toBe('5,000 credits');
      const invoices = await callApi(owner, 'GET', `/v1/workspaces/${slug}/invoices`);
      expect(invoices.body.data.map((i: { total: number; status: string }) => [i.total, i.status])).toEqual([
        [4500, 'paid'],
      ]);
      expect(await owner.getByTestId('invoice-row').count()).toBe(1);

      // A new purchase from the dialog is a new intent: charged again, under another key.
      await owner.getByRole('button', { name: 'Add credits' }).click();
      await dialog.getByRole('radio', { name: /^5,000 credits/ }).click();
      await dialog.getByRole('button', { name: 'Pay $45.00' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => section.getByTestId('credits-balance').innerText()).toBe('10,000 credits');
    });
  });
});
