// What the browser tests share: one server and one Chromium per test file, fresh browser contexts, screenshots
// (whole pages, and dialogs once their animation is over), the accessibility check, the messages that confirm a change, the card form, and API calls
// made from the page.
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, type RunningServer, screenshotDir, startServer } from './running-server.ts';

/** The two sizes every screen is tested at. */
export const screenSizes = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
export type ScreenSize = (typeof screenSizes)[number];

/** Waiting on the server's loops and the page's requests: generous, for a loaded machine. */
export const patiently = { timeout: 30_000 };

export interface PageSession {
  baseUrl(): string;
  /** What the server printed so far (its start-up banner names the mailbox page). */
  serverOutput(): string;
  newContext(): Promise<BrowserContext>;
  /** A new page at `size`, signed up as a new person (landing on "create a workspace"). */
  newPerson(size: ScreenSize, name: string, email: string): Promise<Page>;
}

/** Starts a server and a browser before the file's tests and stops both after them. */
export function pageSessionForThisFile(options: Parameters<typeof startServer>[0] = {}): PageSession {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });
  const baseUrl = () => {
    if (!server) throw new Error('the server did not start');
    return server.baseUrl;
  };
  const newContext = async () => {
    if (!browser) throw new Error('the browser did not start');
    return browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  };
  return {
    baseUrl,
    serverOutput: () => server?.output() ?? '',
    newContext,
    async newPerson(size, name, email) {
      const page = await (await newContext()).newPage();
      await page.setViewportSize({ width: size.width, height: size.height });
      await signUp(page, name, email);
      return page;
    },
  };
}

export async function screenshot(page: Page, name: string) {
  // From the top: a full-page shot of a scrolled page paints the fixed header over the middle.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** A dialog is photographed once its fade-in is over, as the viewport shows it (the overlay covers only that). */
export async function dialogScreenshot(page: Page, name: string) {
  await expect
    .poll(
      () =>
        page
          .locator('.mantine-Modal-content')
          .evaluateAll((elements) => elements.map((e) => getComputedStyle(e).opacity)),
      patiently,
    )
    .toEqual(['1']);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/**
 * axe-core on what the page shows now (an open dialog included, once it has faded in): no serious or critical
 * violation of WCAG 2.1 A/AA.
 * The failure lists each violation with the elements it found, so the message says what to mend.
 */
export async function expectAccessible(page: Page, screen: string) {
  // An open dialog is checked once its fade-in is over: mid-fade its colours are blended with the overlay's, and
  // axe would measure a contrast nobody sees for long.
  await expect
    .poll(
      () =>
        page
          .locator('.mantine-Modal-content')
          .evaluateAll((elements) => elements.every((e) => getComputedStyle(e).opacity === '1')),
      patiently,
    )
    .toBe(true);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const grave = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = grave.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')} — ${n.failureSummary}`).join('\n')}`,
  );
  expect(described, `accessibility of ${screen}`).toEqual([]);
}

/**
 * The message a change shows once it went through ("Seats updated"): answers its text and dismisses it, as a person
 * would, so it covers nothing the next step clicks.
 */
export async function confirmationShown(page: Page, title: string): Promise<string> {
  const message = page.locator('.mantine-Notification-root').filter({ hasText: title });
  await message.first().waitFor(patiently);
  const text = (await message.first().locator('.mantine-Notification-description').innerText()).trim();
  await message.first().getByRole('button', { name: 'Dismiss message' }).click();
  await message.first().waitFor({ state: 'detached', ...patiently });
  return text;
}

/** A dialog's fade-out must be over before the page behind it is photographed. */
export async function dialogsClosed(page: Page) {
  await expect.poll(() => page.locator('.mantine-Modal-overlay').count(), patiently).toBe(0);
}

export async function fillCard(dialog: Locator, number: string) {
  await dialog.getByLabel('Card number').fill(number);
  await dialog.getByLabel('Expiry').fill('12/34');
  await dialog.getByLabel('CVC').fill('123');
}

/** Signs a new person up through the page; they land on "create a workspace". */
export async function signUp(page: Page, name: string, email: string) {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct-horse-battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/new');
}

/** From a dialog that asks for a card first: Add payment method, save `number`, and come back to the dialog. */
export async function addCardThrough(dialog: Locator, number: string) {
  await dialog.getByRole('button', { name: 'Add payment method' }).click();
  const cardDialog = dialog.page().getByRole('dialog', { name: 'Add payment method' });
  await fillCard(cardDialog, number);
  await cardDialog.getByRole('button', { name: 'Save card' }).click();
  await cardDialog.waitFor({ state: 'hidden' });
}

/** Calls the API from the page, as the signed-in user (the browser adds the cookie and the Origin). */
export async function callApi(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ([m, p, b]) => {
      const response = await fetch(p as string, {
        method: m as string,
        headers: b === undefined ? {} : { 'content-type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: response.status, body: await response.json() };
    },
    [method, path, body] as const,
  );
}

/** An API call from the page that must succeed; answers its body. */
export async function callApiOk(page: Page, method: string, path: string, body?: unknown) {
  const answer = await callApi(page, method, path, body);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return answer.body;
}
