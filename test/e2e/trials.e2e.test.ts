// A free trial started from the plan dialog, at desktop and phone sizes: the demo catalog's Pro Growth (14 days, a
// card first) is previewed as "Free for 14 days, then $199.00" with nothing due today; once started the page shows
// the Trial badge, "Trial ends on Mar 24, 2030" and "Then $199.00 on Mar 24, 2030", with no invoice; past the trial's
// end the first month is invoiced and paid and the plan is active.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addCardThrough,
  callApi,
  confirmationShown,
  dialogScreenshot,
  dialogsClosed,
  expectAccessible,
  pageSessionForThisFile,
  screenSizes,
  screenshot,
} from './support/page-session.ts';

const { newPerson } = pageSessionForThisFile();

const run = Date.now().toString(36);
/** The test clock's start; the 14-day trial ends Mar 24, 2030 at the same time of day. */
const start = '2030-03-10T12:00:00Z';

describe.each(screenSizes)('at $name size ($width×$height)', (size) => {
  const slug = `trial-${size.name}-${run}`;
  let owner: Page;

  it('starts a Pro Growth trial from the plan dialog: a card first, free for 14 days, then $199.00', async () => {
    owner = await newPerson(size, 'Tess Trial', `trial-${size.name}-${run}@example.test`);
    const created = await callApi(owner, 'POST', '/v1/workspaces', { name: `Trial ${size.name}`, slug });
    expect(created.status).toBe(201);
    const clock = await callApi(owner, 'POST', `/v1/workspaces/${slug}/test-clock`, { frozenTime: start });
    expect(clock.status).toBe(201);
    await owner.goto(`/w/${slug}/billing`);
    await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Free');

    await owner.getByTestId('current-plan').getByRole('button', { name: 'Upgrade' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Upgrade your plan' });
    await dialog.getByRole('radio', { name: /^Pro Growth/ }).click();
    await expect
      .poll(() => dialog.getByTestId('change-preview-effective').innerText())
      .toBe('Free for 14 days, then $199.00');
    expect(await dialog.getByTestId('change-preview-due').innerText()).toBe('$0.00');
    expect(await dialog.getByTestId('change-preview-next-charge').innerText()).toBe('Then $199.00 on Mar 24, 2030');
    expect(await dialog.getByTestId('change-preview').innerText()).toContain('The trial ends on Mar 24, 2030');
    // The trial needs a card on file: the dialog asks for one first.
    expect(await dialog.getByTestId('change-plan-needs-card').innerText()).toContain('trial needs a card');
    await addCardThrough(dialog, '4242 4242 4242 4242');
    await confirmationShown(owner, 'Card saved');
    await expect.poll(() => dialog.getByTestId('change-plan-card').innerText()).toBe('Charged to Visa •••• 4242');
    await dialog.getByTestId('change-preview').scrollIntoViewIfNeeded();
    await dialogScreenshot(owner, `trial-preview-${size.name}`);
    await expectAccessible(owner, `the trial preview at ${size.name} size`);
    await dialog.getByRole('button', { name: 'Start free trial' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await confirmationShown(owner, 'Trial started')).toBe(
      'You are on Pro Growth now, free until Mar 24, 2030. Then $199.00 on Mar 24, 2030. Nothing was charged.',
    );

    await expect.poll(() => owner.getByTestId('current-plan-status').innerText()).toBe('Trial');
    expect(await owner.getByTestId('current-plan-name').innerText()).toBe('Pro Subscription · Growth');
    expect(await owner.getByTestId('current-plan-trial-ends').innerText()).toBe('Trial ends on Mar 24, 2030');
    expect(await owner.getByTestId('current-plan-trial-then').innerText()).toBe('Then $199.00 on Mar 24, 2030');
    expect(await owner.getByTestId('current-plan-trial-card').count()).toBe(0);
    expect(await owner.getByTestId('next-charge-amount').innerText()).toBe('$199.00');
    expect(await owner.getByTestId('next-charge-date').innerText()).toBe('on Mar 24, 2030');
    // Nothing was invoiced for the trial.
    expect(await owner.getByTestId('invoice-row').count()).toBe(0);
    await dialogsClosed(owner);
    await screenshot(owner, `trial-started-${size.name}`);
    await expectAccessible(owner, `the page during a trial at ${size.name} size`);
  });

  it('Cancel during the trial says nothing is charged; Resume keeps the trial', async () => {
    const card = owner.getByTestId('current-plan');
    await card.getByRole('button', { name: 'Cancel', exact: true }).click();
    const confirm = owner.getByRole('dialog', { name: 'Cancel Pro Growth?' });
    expect(await confirm.getByTestId('cancel-plan-text').innerText()).toBe(
      'The Pro Growth trial goes on until Mar 24, 2030, and nothing is charged. You can resume the plan until then.',
    );
    await confirm.getByRole('button', { name: 'Cancel plan' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await confirmationShown(owner, 'Plan canceled');
    await expect
      .poll(() => owner.getByTestId('current-plan-active-until').innerText())
      .toBe('Active until Mar 24, 2030');
    // Nothing is charged at the trial's end any more.
    expect(await owner.getByTestId('current-plan-trial-then').count()).toBe(0);
    expect(await owner.getByTestId('next-charge-none').count()).toBe(1);
    await card.getByRole('button', { name: 'Resume' }).click();
    await expect
      .poll(() => owner.getByTestId('current-plan-trial-then').innerText())
      .toBe('Then $199.00 on Mar 24, 2030');
  });

  it('past the trial end the first month is invoiced and paid, and the plan is active', async () => {
    const advanced = await callApi(owner, 'POST', `/v1/workspaces/${slug}/test-clock/advance`, {
      to: '2030-03-25T00:00:00Z',
    });
    expect(advanced.status, JSON.stringify(advanced.body)).toBe(200);
    expect(advanced.body.steps.map((s: { kind: string; result: string }) => `${s.kind} ${s.result}`)).toEqual([
      'trial_end_notice trial_will_end',
      'renewal paid',
    ]);
    await owner.reload();
    await expect.poll(() => owner.getByTestId('current-plan-status').innerText()).toBe('Active');
    expect(await owner.getByTestId('current-plan-trial-ends').count()).toBe(0);
    const rows = owner.getByTestId('invoice-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getByTestId('invoice-amount').innerText()).toBe('$199.00');
    expect(await rows.first().getByTestId('invoice-status').innerText()).toBe('Paid');
    expect(await owner.getByTestId('next-charge-date').innerText()).toBe('on Apr 24, 2030');
    await owner.context().close();
  });
});
