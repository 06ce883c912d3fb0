// The Developers page as an operator uses it, at desktop and phone sizes: an API key whose token is shown once,
// a webhook endpoint whose secret is shown once, a test event that reaches a local receiver signed with that
// secret and shows in the delivery log, its replay (the same webhook-id again), rotating the secret (both sign
// for a day), disabling and deleting the endpoint, revoking the key; and a member without billing who sees no
// Developers tab and is told so on a direct link.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  dialogScreenshot,
  dialogsClosed,
  expectAccessible,
  pageSessionForThisFile,
  patiently,
  screenSizes,
  screenshot,
} from './support/page-session.ts';

// The receiver listens on 127.0.0.1, which the deployment refuses unless it allows private addresses. Read by the
// server this file starts (startServer passes the environment on).
process.env.BILLFOLD_WEBHOOKS_ALLOW_PRIVATE = 'true';

const { baseUrl, newPerson } = pageSessionForThisFile();

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A product's webhook receiver: answers 200 and keeps what it was sent. */
let receiver: Server;
const received: Received[] = [];
let receiverUrl = '';

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
});

const run = Date.now().toString(36);
/** Nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The toasts are gone (they close by themselves after a few seconds; in a screenshot they cover the header). */
/** Dismisses the messages still shown, as a person would before looking at the page behind them. */
async function dismissMessages(page: Page) {
  const messages = page.locator('.mantine-Notification-root');
  for (let shown = await messages.count(); shown > 0; shown = await messages.count()) {
    // One may go by itself meanwhile: then there is nothing left to click.
    await messages
      .first()
      .getByRole('button', { name: 'Dismiss message' })
      .click({ timeout: 5_000 })
      .catch(async (error) => {
        if ((await messages.count()) >= shown) throw error;
      });
    await expect.poll(() => messages.count(), patiently).toBeLessThan(shown);
  }
}

/** axe on an open dialog once any closing menu is gone (expectAccessible waits out the dialog's fade-in). */
async function expectAccessibleDialog(page: Page, screen: string) {
  await expect.poll(() => page.locator('.mantine-Menu-dropdown').count(), patiently).toBe(0);
  await expectAccessible(page, screen);
}

function receivedAt(path: string): Received[] {
  return received.filter((r) => r.path === path);
}

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  const slug = `devs-${size.name}-${run}`;
  const ownerName = `Dev Owner ${size.name}`;
  const hookPath = `/hooks/${size.name}`;
  let owner: Page;
  let token = '';
  let secret = '';

  it('shows the Developers tab to the owner, with both sections empty', async () => {
    owner = await newPerson(size, ownerName, `dev-owner-${size.name}-${run}@example.test`);
    const created = await callApi(owner, 'POST', '/v1/workspaces', { name: `Developers ${size.name}`, slug });
    expect(created.status).toBe(201);
    await owner.goto(`/w/${slug}/members`);
    const nav = owner.getByRole('navigation', { name: 'Workspace' });
    await nav.getByRole('link', { name: 'Developers' }).click();
    await owner.waitForURL(`**/w/${slug}/developers`);
    await expect.poll(() => owner.getByTestId('no-api-keys').count(), patiently).toBe(1);
    await expect.poll(() => owner.getByTestId('no-endpoints').count(), patiently).toBe(1);
    expect(await owner.title()).toBe(`Developers · Developers ${size.name} · Billfold`);
    // The three tabs fit on one line of the header, even on a phone.
    const navBox = await nav.boundingBox();
    expect(navBox?.height).toBeLessThanOrEqual(40);
    await expectAccessible(owner, 'Developers page, empty');
  });

  it('creates an API key: the token is shown once, then only its prefix is listed', async () => {
    await owner.getByRole('button', { name: 'Create API key' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Create API key' });
    await expectAccessibleDialog(owner, 'Create API key dialog');
    await dialog.getByLabel('Name').fill('Product backend');
    await dialog.getByRole('checkbox', { name: /Consume credits/ }).check();
    await dialog.getByRole('checkbox', { name: /Read billing/ }).check();
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const shown = owner.getByRole('dialog', { name: 'API key created' });
    token = await shown.getByTestId('api-key-token').innerText();
    expect(token.length).toBeGreaterThan(20);
    expect(await shown.getByTestId('api-key-token-warning').innerText()).toContain("it won't be shown again");
    await dialogScreenshot(owner, `developers-api-key-token-${size.name}`);
    await expectAccessibleDialog(owner, 'API key token dialog');
    await shown.getByRole('button', { name: 'Done' }).click();
    await dialogsClosed(owner);

    // Gone from the page once the dialog is closed, and not in the list.
    expect(await owner.content()).not.toContain(token);
    const rows = owner.getByTestId('api-key-row');
    await expect.poll(() => rows.count(), patiently).toBe(1);
    expect(await rows.first().getByTestId('api-key-name').innerText()).toBe('Product backend');
    const prefix = (await rows.first().getByTestId('api-key-prefix').innerText()).replace(/…$/, '');
    expect(prefix.length).toBeGreaterThan(3);
    expect(token.startsWith(prefix)).toBe(true);
    expect(await rows.first().getByTestId('api-key-scopes').innerText()).toMatch(/Read billing[\s\S]*Consume credits/);
    expect(await rows.first().getByTestId('api-key-last-used').innerText()).toBe('Never used');
    await owner.reload();
    await expect.poll(() => owner.getByTestId('api-key-row').count(), patiently).toBe(1);
    expect(await owner.content()).not.toContain(token);

    // The token is the key: the product reads billing with it.
    const billing = await fetch(`${baseUrl()}/v1/workspaces/${slug}/billing`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(billing.status).toBe(200);
  });

  it('adds a webhook endpoint: the signing secret is shown once', async () => {
    await owner.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Add endpoint' });
    await dialog.getByLabel('Endpoint URL').fill(`${receiverUrl}${hookPath}`);
    await dialog.getByLabel('Description').fill('Provisioning service');
    // The event types to choose from are the API's own list.
    await dialog.getByRole('radio', { name: 'Only the events I choose' }).check();
    await dialog.getByRole('textbox', { name: 'Event types' }).click();
    const options = owner.getByRole('option');
    await expect
      .poll(() => options.allInnerTexts(), patiently)
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining('invoice.paid'),
          expect.stringContaining('subscription.updated'),
        ]),
      );
    await dialog.getByText('Endpoint URL').click();
    await dialogScreenshot(owner, `developers-add-endpoint-${size.name}`);
    await expectAccessibleDialog(owner, 'Add endpoint dialog');
    await dialog.getByRole('radio', { name: 'All events' }).check();
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();

    const shown = owner.getByRole('dialog', { name: 'Endpoint added' });
    secret = await shown.getByTestId('endpoint-secret').innerText();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(await shown.getByTestId('endpoint-secret-warning').innerText()).toContain("it won't be shown again");
    await dialogScreenshot(owner, `developers-endpoint-secret-${size.name}`);
    await expectAccessibleDialog(owner, 'Endpoint secret dialog');
    await shown.getByRole('button', { name: 'Done' }).click();
    await dialogsClosed(owner);
    expect(await owner.content()).not.toContain(secret);

    const row = owner.getByTestId('endpoint-row');
    await expect.poll(() => row.count(), patiently).toBe(1);
    expect(await row.getByTestId('endpoint-url').innerText()).toBe(`${receiverUrl}${hookPath}`);
    expect(await row.getByTestId('endpoint-event-types').innerText()).toBe('All events');
    expect(await row.getByTestId('endpoint-status').innerText()).toBe('Enabled');
    expect(await row.innerText()).toContain('Provisioning service');
  });

  it('sends a test event: the receiver gets it signed with that secret, and the log shows it succeeded', async () => {
    const row = owner.getByTestId('endpoint-row');
    await row.getByRole('button', { name: 'Send test event' }).click();
    const deliveries = row.getByTestId('delivery-row');
    await expect.poll(() => deliveries.count(), patiently).toBe(1);
    const first = deliveries.first();
    expect(await first.getByTestId('delivery-event-type').innerText()).toBe('webhook_endpoint.test');
    await expect.poll(() => first.getByTestId('delivery-status').innerText(), patiently).toBe('Succeeded');
    expect(await first.getByTestId('delivery-response').innerText()).toBe('HTTP 200');
    expect(await first.getByTestId('delivery-attempts').innerText()).toBe('1');
    expect(await first.getByTestId('delivery-duration').innerText()).toMatch(/^\d+ ms$|^\d+\.\d s$/);

    await expect.poll(() => receivedAt(hookPath).length, patiently).toBe(1);
    const [request] = receivedAt(hookPath);
    if (!request) throw new Error('the receiver got nothing');
    // The secret the page showed is the one the delivery is signed with.
    const payload = new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    }) as { id: string; type: string };
    expect(payload.type).toBe('webhook_endpoint.test');
    expect(await first.getByTestId('delivery-event-id').innerText()).toBe(payload.id);
  });

  it('replays the delivery: a second one appears, and the receiver sees the same webhook-id again', async () => {
    const row = owner.getByTestId('endpoint-row');
    await row.getByRole('button', { name: /^Replay webhook_endpoint\.test/ }).click();
    const deliveries = row.getByTestId('delivery-row');
    await expect.poll(() => deliveries.count(), patiently).toBe(2);
    const newest = deliveries.first();
    expect(await newest.getByTestId('delivery-replay').innerText()).toBe('Replay');
    await expect.poll(() => newest.getByTestId('delivery-status').innerText(), patiently).toBe('Succeeded');
    expect(await deliveries.nth(1).getByTestId('delivery-status').innerText()).toBe('Succeeded');
    expect(await newest.getByTestId('delivery-event-id').innerText()).toBe(
      await deliveries.nth(1).getByTestId('delivery-event-id').innerText(),
    );

    await expect.poll(() => receivedAt(hookPath).length, patiently).toBe(2);
    const ids = receivedAt(hookPath).map((r) => r.headers['webhook-id']);
    expect(ids[0]).toBeTruthy();
    expect(ids[1]).toBe(ids[0]);

    await dialogsClosed(owner);
    await dismissMessages(owner);
    expect(await horizontalOverflow(owner)).toBeLessThanOrEqual(0);
    await screenshot(owner, `developers-${size.name}`);
    await expectAccessible(owner, 'Developers page with delivery log');
  });

  it('rotates the secret: the new one is shown once, and for 24 hours both sign each delivery', async () => {
    const row = owner.getByTestId('endpoint-row');
    await row.getByRole('button', { name: `More actions for ${receiverUrl}${hookPath}` }).click();
    await owner.getByRole('menuitem', { name: 'Rotate secret' }).click();
    const confirm = owner.getByRole('dialog', { name: 'Rotate signing secret?' });
    expect(await confirm.innerText()).toContain('For 24 hours every delivery carries signatures of both secrets');
    await expectAccessibleDialog(owner, 'Rotate secret dialog');
    await confirm.getByRole('button', { name: 'Rotate secret' }).click();
    const shown = owner.getByRole('dialog', { name: 'New signing secret' });
    const rotated = await shown.getByTestId('rotated-secret').innerText();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await dialogScreenshot(owner, `developers-rotated-secret-${size.name}`);
    await expectAccessibleDialog(owner, 'New signing secret dialog');
    await shown.getByRole('button', { name: 'Done' }).click();
    await dialogsClosed(owner);
    expect(await owner.content()).not.toContain(rotated);
    await expect
      .poll(() => row.getByTestId('endpoint-rotation').innerText(), patiently)
      .toMatch(/^The previous secret also signs until /);

    await row.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => receivedAt(hookPath).length, patiently).toBe(3);
    const request = receivedAt(hookPath)[2];
    if (!request) throw new Error('the receiver got nothing');
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    // A receiver still on the old secret and one already on the new both accept it.
    expect(new Webhook(rotated).verify(request.body, headers)).toMatchObject({ type: 'webhook_endpoint.test' });
    expect(new Webhook(secret).verify(request.body, headers)).toMatchObject({ type: 'webhook_endpoint.test' });
    await expect.poll(() => row.getByTestId('delivery-row').count(), patiently).toBe(3);
  });

  it('disables the endpoint: it says so, and no test event can be sent to it', async () => {
    const row = owner.getByTestId('endpoint-row');
    await row.getByRole('button', { name: `More actions for ${receiverUrl}${hookPath}` }).click();
    await owner.getByRole('menuitem', { name: 'Disable' }).click();
    await expect.poll(() => row.getByTestId('endpoint-status').innerText(), patiently).toBe('Disabled');
    expect(await row.getByRole('button', { name: 'Send test event' }).isDisabled()).toBe(true);
    const listed = await callApi(owner, 'GET', `/v1/workspaces/${slug}/webhook-endpoints`);
    expect(listed.body.data[0]).toMatchObject({ enabled: false, status: 'disabled' });
  });

  it('deletes the endpoint after a confirmation: it is gone from the list', async () => {
    const row = owner.getByTestId('endpoint-row');
    await row.getByRole('button', { name: `More actions for ${receiverUrl}${hookPath}` }).click();
    await owner.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = owner.getByRole('dialog', { name: 'Delete this endpoint?' });
    await expectAccessibleDialog(owner, 'Delete endpoint dialog');
    await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => owner.getByTestId('no-endpoints').count(), patiently).toBe(1);
    const listed = await callApi(owner, 'GET', `/v1/workspaces/${slug}/webhook-endpoints`);
    expect(listed.body.data).toEqual([]);
  });

  it('revokes the API key after a confirmation: it is gone and its token is refused', async () => {
    await owner.getByRole('button', { name: 'Revoke Product backend' }).click();
    const confirm = owner.getByRole('dialog', { name: 'Revoke Product backend?' });
    await expectAccessibleDialog(owner, 'Revoke API key dialog');
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => owner.getByTestId('no-api-keys').count(), patiently).toBe(1);
    const billing = await fetch(`${baseUrl()}/v1/workspaces/${slug}/billing`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(billing.status).toBe(401);
  });

  it('a member without billing sees no Developers tab, and a direct link tells them they have no access', async () => {
    const memberEmail = `dev-member-${size.name}-${run}@example.test`;
    const invite = await callApi(owner, 'POST', `/v1/workspaces/${slug}/invites`, {
      email: memberEmail,
      role: 'member',
    });
    expect(invite.status, JSON.stringify(invite.body)).toBe(201);
    const member = await newPerson(size, 'Mo Member', memberEmail);
    const accepted = await callApi(member, 'POST', `/v1/invites/${invite.body.id}/accept`, {});
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);

    await member.goto(`/w/${slug}/members`);
    const nav = member.getByRole('navigation', { name: 'Workspace' });
    await expect.poll(() => nav.getByRole('link', { name: 'Members' }).count(), patiently).toBe(1);
    expect(await nav.getByRole('link', { name: 'Developers' }).count()).toBe(0);

    await member.goto(`/w/${slug}/developers`);
    await expect
      .poll(() => member.getByTestId('no-developers-access').innerText(), patiently)
      .toContain("You don't have access to Developers");
    expect(await member.getByTestId('api-keys').count()).toBe(0);
    expect(await member.getByTestId('webhook-endpoints').count()).toBe(0);
    // The server refuses them too; the page only spares them the attempt.
    expect((await callApi(member, 'GET', `/v1/workspaces/${slug}/api-keys`)).status).toBe(403);
    expect((await callApi(member, 'GET', `/v1/workspaces/${slug}/webhook-endpoints`)).status).toBe(403);
    await screenshot(member, `developers-no-access-${size.name}`);
    await expectAccessible(member, 'Developers page without access');
  });
});
