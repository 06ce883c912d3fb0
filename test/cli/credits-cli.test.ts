// `billfold credits adjust` and `billfold verify` from a terminal: an operator adds and removes credits with a
// reason, verify finds every wallet consistent (exit 0), and a wallet tampered with behind the ledger's back is
// reported by workspace with exit 1.
import { afterAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openBillfold } from '../../src/server.ts';
import { cliOnFreshDataDir } from '../support/run-cli.ts';
import { call, signUp } from '../support/test-billfold.ts';

// These tests start Billfold's CLI as child processes (the built server, then the database): on a busy machine
// that takes a while, so they wait longer than the suite's 30 s before calling it a hang.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const cli = cliOnFreshDataDir('credits');
afterAll(cli.remove);
const { env, run: runCli } = cli;

it('adjusts credits with a reason, verifies them, and reports a tampered wallet', { timeout: 120_000 }, async () => {
  const setup = await openBillfold(loadConfig(env));
  const owner = await signUp(setup, 'owner');
  const created = await call(setup, 'POST', '/v1/workspaces', { as: owner, body: { name: 'Meter', slug: 'meter' } });
  const ws = created.json().id;
  await setup.close();

  const added = await runCli(['credits', 'adjust', 'meter', '--credits', '500', '--reason', 'Goodwill for outage']);
  expect(added.code, added.output).toBe(0);
  expect(added.output.trim()).toBe('Meter: +500 credits (Goodwill for outage); balance 500.');
  const removed = await runCli(['credits', 'adjust', 'meter', '--credits=-200', '--reason', 'Duplicate grant']);
  expect(removed.output.trim()).toBe('Meter: -200 credits (Duplicate grant); balance 300.');
  const tooMuch = await runCli(['credits', 'adjust', 'meter', '--credits=-301', '--reason', 'Oops']);
  expect(tooMuch.code).not.toBe(0);
  expect(tooMuch.output).toContain('Cannot remove 301 credits: the workspace has 300.');

  const verified = await runCli(['verify']);
  expect(verified.code, verified.output).toBe(0);
  expect(verified.output.trim()).toBe(
    'Checked the credits of 1 workspaces: 0 mismatched.\nChecked the customer balances of 0 workspaces: 0 mismatched.',
  );

  const tamper = await openBillfold(loadConfig(env));
  try {
    const ledger = await call(tamper, 'GET', `/v1/workspaces/${ws}/credits/transactions`, { as: owner });
    expect(ledger.json().data.map((t: { type: string; credits: number; description: string }) => t)).toEqual([
      expect.objectContaining({ type: 'adjustment', credits: -200, description: 'Duplicate grant' }),
      expect.objectContaining({ type: 'adjustment', credits: 500, description: 'Goodwill for outage' }),
    ]);
    await tamper.deps.db.updateTable('credit_account').set({ balance: 1300 }).where('workspace_id', '=', ws).execute();
  } finally {
    await tamper.close();
  }
  const mismatch = await runCli(['verify']);
  expect(mismatch.code).toBe(1);
  expect(mismatch.output).toContain(`MISMATCH ${ws}: balance 1300 but the ledger sums to 300`);
  expect(mismatch.output).toContain('1 mismatched');
});
