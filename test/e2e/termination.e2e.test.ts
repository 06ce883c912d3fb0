// Ending a subscription now from the page, at desktop and phone sizes: Team 3 seats ($36.00) paid on Mar 1, 2027; on
// Mar 16 12:00 UTC (half of March left) the cancel dialog offers "End now and refund the unused time" with $18.00,
// and ending it moves the workspace to Free at once, with a credit note under the paid invoice.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  callApiOk,
  confirmationShown,
  dialogScreenshot,
  expectAccessible,
  pageSessionForThisFile,
  patiently,
  screenSizes,
} from './support/page-session.ts';

const { newPerson } = pageSessionForThisFile();
const run = Date.now().toString(36);

for (const size of screenSizes) {
  describe(`ending a subscription now at ${size.name} size`, () => {
    let owner: Page;
    const slug = `ends-${size.name}-${run}`;

    it('shows the unused time in the cancel dialog and ends the plan with a refund to the card', async () => {
      owner = await newPerson(size, 'Erin Ender', `ends-${size.name}-${run}@example.test`);
      await callApiOk(owner, 'POST', '/v1/workspaces', { name: `Ends ${run}`, slug });
      const token = await callApiOk(owner, 'POST', '/sandbox/v1/tokens', {
        number: '4242 4242 4242 4242',
        expMonth: 12,
        expYear: 2034,
        cvc: '123',
      });
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/payment-methods`, { token: token.id, makeDefault: true });
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/test-clock`, { frozenTime: '2027-03-01T00:00:00Z' });
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/subscription`, {
        plan: 'team',
        interval: 'month',
        seats: 3,
      });
      await callApiOk(owner, 'POST', `/v1/workspaces/${slug}/test-clock/advance`, { to: '2027-03-16T12:00:00Z' });

      await owner.goto(`/w/${slug}/billing`);
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Team');
      await owner.getByTestId('current-plan').getByRole('button', { name: 'Cancel', exact: true }).click();
      const dialog = owner.getByRole('dialog', { name: 'Cancel Team?' });
      await dialog.waitFor(patiently);
      // 1,339,200 of March's 2,678,400 seconds are left: $36.00 × ½ = $18.00.
      await expect
        .poll(() => dialog.getByTestId('terminate-text').innerText())
        .toBe('Team ends today and the workspace moves to Free at once. The unused time, $18.00, is refunded.');
      await expectAccessible(owner, `termination dialog at ${size.name} size`);
      await dialogScreenshot(owner, `termination-${size.name}-dialog`);
      await dialog.getByRole('button', { name: 'End now and refund $18.00' }).click();

      expect(await confirmationShown(owner, 'Plan ended')).toBe(
        'Team ended today and the workspace is on Free. $18.00 of unused time goes back to the card.',
      );
      await expect.poll(() => owner.getByTestId('current-plan-name').innerText()).toBe('Free');
      const notes = await callApiOk(owner, 'GET', `/v1/workspaces/${slug}/credit-notes`);
      expect(notes.data.map((note: { total: number; creditedTo: string }) => [note.total, note.creditedTo])).toEqual([
        [1800, 'card'],
      ]);
    });
  });
}
