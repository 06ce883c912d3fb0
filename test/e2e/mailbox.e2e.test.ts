// The local mailbox page, at desktop and phone sizes: with no SMTP server configured, the address the start-up
// banner prints lists the emails Billfold wrote — an invitation with its accept link, the receipt of a paid
// subscription sent to the billing email, with the amount, the invoice number and its PDF.
import { describe, expect, it } from 'vitest';
import { callApiOk, pageSessionForThisFile, patiently, screenSizes, screenshot } from './support/page-session.ts';

const session = pageSessionForThisFile();

const run = Date.now().toString(36);
function mailboxUrl(): string {
  const url = session.serverOutput().match(/Emails:\s+(\S+\/mailbox\/\S+)/)?.[1];
  if (!url) throw new Error(`the banner names no mailbox page:\n${session.serverOutput()}`);
  return url;
}

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  it('shows the invitation and the receipt, with the amount, the number and the PDF', async () => {
    const page = await session.newPerson(size, `Mo Mailbox ${size.name}`, `mailbox-${size.name}-${run}@example.test`);
    const slug = `mailbox-${size.name}-${run}`;
    await callApiOk(page, 'POST', '/v1/workspaces', { name: `Mailbox ${size.name}`, slug });
    const billingEmail = `ap-${size.name}-${run}@example.test`;
    await callApiOk(page, 'PUT', `/v1/workspaces/${slug}/billing-details`, {
      legalName: 'Mailbox Ltd',
      email: billingEmail,
      addressLine1: '1 Main Street',
      city: 'Dublin',
      postalCode: 'D01 F5P2',
      country: 'IE',
    });
    const token = await callApiOk(page, 'POST', '/sandbox/v1/tokens', {
      number: '4242 4242 4242 4242',
      expMonth: 12,
      expYear: 2034,
      cvc: '123',
    });
    await callApiOk(page, 'POST', `/v1/workspaces/${slug}/payment-methods`, { token: token.id, makeDefault: true });
    await callApiOk(page, 'POST', `/v1/workspaces/${slug}/subscription`, { plan: 'team', interval: 'month', seats: 3 });
    const invitee = `invitee-${size.name}-${run}@example.test`;
    await callApiOk(page, 'POST', `/v1/workspaces/${slug}/invites`, { email: invitee, role: 'member' });
    const invoices = await callApiOk(page, 'GET', `/v1/workspaces/${slug}/invoices`);
    const paid = invoices.data.find((invoice: { status: string }) => invoice.status === 'paid');
    expect(paid, JSON.stringify(invoices)).toBeTruthy();
    const amount = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'usd' }).format(paid.total / 100);

    // The loops publish and send within seconds; the mailbox is a plain page, reloaded until both are there.
    const receiptSubject = `Receipt for ${amount} — invoice ${paid.number}`;
    await expect
      .poll(async () => {
        await page.goto(mailboxUrl());
        return page.locator('.subject').allTextContents();
      }, patiently)
      .toEqual(
        expect.arrayContaining([receiptSubject, expect.stringContaining(`invited you to Mailbox ${size.name}`)]),
      );
    const receiptRow = page.locator('li', { hasText: receiptSubject });
    await expect.poll(() => receiptRow.textContent()).toContain(`To ${billingEmail}`);
    await expect.poll(() => page.locator('li', { hasText: 'invited you to' }).first().textContent()).toContain(invitee);
    await screenshot(page, `mailbox-list-${size.name}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);

    await receiptRow.getByRole('link').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(receiptSubject);
    const text = await page.locator('pre').textContent();
    expect(text).toContain(amount);
    expect(text).toContain(paid.number);
    const pdf = await page.getByRole('link', { name: 'Invoice PDF' }).getAttribute('href');
    const download = await page.request.get(new URL(pdf ?? '', page.url()).toString());
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // The HTML part is shown in a sandboxed frame, with the same amount.
    const frame = page.frameLocator('iframe');
    await expect.poll(() => frame.locator('body').textContent(), patiently).toContain(amount);
    await screenshot(page, `mailbox-receipt-${size.name}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);

    // The invitation's accept link leads to this server's invite page.
    await page.goto(mailboxUrl());
    await page.locator('li', { hasText: 'invited you to' }).first().getByRole('link').click();
    const invitationText = (await page.locator('pre').textContent()) ?? '';
    const acceptLink = invitationText.match(/https?:\/\/\S+\/invites\/\S+/)?.[0];
    expect(acceptLink, invitationText).toBeTruthy();
    expect(new URL(acceptLink ?? '').origin).toBe(session.baseUrl());
  });
});

it('is not there under a wrong key', async () => {
  const page = await (await session.newContext()).newPage();
  const answer = await page.request.get(`${session.baseUrl()}/mailbox/not-the-key`);
  expect(answer.status()).toBe(404);
});
