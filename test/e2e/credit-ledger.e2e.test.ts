// The credit ledger past its latest ten, at desktop and phone sizes: Load more brings the rest, and Export CSV
// downloads the whole ledger (the purchase with its invoice, every debit, the balance after each).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  callApiOk,
  expectAccessible,
  pageSessionForThisFile,
  patiently,
  screenSizes,
  screenshot,
} from './support/page-session.ts';

const { baseUrl, newPerson } = pageSessionForThisFile();
const run = Date.now().toString(36);

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  it('shows ten entries, Load more brings the other three, and Export CSV holds all thirteen', async () => {
    const slug = `ledger-${size.name}-${run}`;
    const owner = await newPerson(size, 'Lea Ledger', `ledger-${size.name}-${run}@example.test`);
    await callApiOk(owner, 'POST', '/v1/workspaces', { name: `Ledger ${size.name}`, slug });
    const token = await callApiOk(owner, 'POST', '/sandbox/v1/tokens', {
      number: '4242 4242 4242 4242',
      expMonth: 12,
      expYear: 2034,
      cvc: '123',
    });
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/payment-methods`, { token: token.id, makeDefault: true });
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/subscription`, { plan: 'flex' });
    await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/credits/purchases`, { pack: 'credits_1000' });
    const key = await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/api-keys`, { name: 'Product backend' });
    // Twelve debits of 1 to 12 credits: 78 in all, so 922 are left.
    for (let amount = 1; amount <= 12; amount += 1) {
      const consumed = await fetch(`${baseUrl()}/v1/workspaces/${slug}/credits/consume`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key.token}`,
          'content-type': 'application/json',
          'idempotency-key': `ledger-${size.name}-${run}-${amount}`,
        },
        body: JSON.stringify({ amount, description: `report ${amount}` }),
      });
      expect(consumed.status).toBe(200);
    }

    await owner.goto(`/w/${slug}/billing`);
    const section = owner.getByRole('region', { name: 'Credits', exact: true });
    await expect.poll(() => section.getByTestId('credits-balance').innerText(), patiently).toBe('922 credits');
    const rows = section.getByTestId('credit-transaction');
    await expect.poll(() => rows.count(), patiently).toBe(10);
    expect(await rows.first().innerText()).toContain('report 12');

    await section.getByTestId('credit-transactions-more').click();
    await expect.poll(() => rows.count(), patiently).toBe(13);
    expect(await rows.last().innerText()).toContain('1,000');
    expect(await section.getByTestId('credit-transactions-more').count()).toBe(0);
    expect(await owner.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(owner, `credit ledger, all loaded (${size.name})`);
    await screenshot(owner, `credit-ledger-${size.name}`);

    const [download] = await Promise.all([
      owner.waitForEvent('download'),
      section.getByTestId('credit-transactions-export').click(),
    ]);
    const path = await download.path();
    const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('Date,Type,Description,Credits,Balance after,Invoice,Amount,Currency');
    expect(lines).toHaveLength(14);
    expect(lines[1]).toMatch(/,report 12,-12,922,,,$/);
    expect(lines[13]).toMatch(/,1000,1000,[A-Z0-9]+-\d{6},10\.00,USD$/);
  });
});
