// `billfold clock advance` from a terminal: a Team subscription anchored on Jan 31 renews on Feb 28 and Mar 31
// (never drifting to the 28th), each renewal printed in order, and the workspace's invoices show both; a move back or
// past 2200 is refused with the reason.
import { afterAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openBillfold } from '../../src/server.ts';
import { addCard, testCards } from '../support/billing-fixtures.ts';
import { cliOnFreshDataDir } from '../support/run-cli.ts';
import { call, signUp } from '../support/test-billfold.ts';

// These tests start Billfold's CLI as child processes (the built server, then the database): on a busy machine
// that takes a while, so they wait longer than the suite's 30 s before calling it a hang.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const cli = cliOnFreshDataDir('clock');
afterAll(cli.remove);
const { env, run: runCli } = cli;

it('advances a workspace’s test clock over two month ends, renewing on Feb 28 and Mar 31', async () => {
  const setup = await openBillfold(loadConfig(env));
  const owner = await signUp(setup, 'owner');
  const created = await call(setup, 'POST', '/v1/workspaces', {
    as: owner,
    body: { name: 'Clockwork', slug: 'clockwork' },
  });
  const ws = created.json().id;
  expect((await addCard(setup, owner, ws, testCards.succeeds)).statusCode).toBe(201);
  await call(setup, 'POST', `/v1/workspaces/${ws}/test-clock`, {
    as: owner,
    body: { frozenTime: '2027-01-31T09:00:00Z' },
  });
  const subscribed = await call(setup, 'POST', `/v1/workspaces/${ws}/subscription`, {
    as: owner,
    body: { plan: 'team', seats: 1 },
  });
  expect(subscribed.json().subscription.currentPeriodEnd).toBe('2027-02-28T09:00:00.000Z');
  await setup.close();

  const { code, output } = await runCli(['clock', 'advance', 'clockwork', '--to', '2027-04-15T00:00:00Z']);
  expect(code, output).toBe(0);
  expect(output.trim().split('\n')).toEqual([
    '2027-02-28T09:00:00.000Z  renewal       paid',
    '2027-03-31T09:00:00.000Z  renewal       paid',
    "Clockwork's test clock is at 2027-04-15T00:00:00.000Z.",
  ]);

  const after = await openBillfold(loadConfig(env));
  try {
    const invoices = await call(after, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
    expect(invoices.json().data.map((i: { total: number; periodStart: string }) => [i.periodStart, i.total])).toEqual([
      ['2027-03-31T09:00:00.000Z', 1200],
      ['2027-02-28T09:00:00.000Z', 1200],
      ['2027-01-31T09:00:00.000Z', 1200],
    ]);
  } finally {
    await after.close();
  }

  const wrong = await runCli(['clock', 'advance', 'clockwork']);
  expect(wrong.code).toBe(1);
  expect(wrong.output).toContain('clock advance <workspace> --to <ISO time>');
});

it('refuses to move the clock back or past 2200, saying why', async () => {
  const beyond = await runCli(['clock', 'advance', 'clockwork', '--to', '2201-01-01T00:00:00Z']);
  expect(beyond.code).toBe(1);
  expect(beyond.output).toContain('A test clock runs from the year 2000 to the end of 2200');
  const backwards = await runCli(['clock', 'advance', 'clockwork', '--to', '2027-04-01T00:00:00Z']);
  expect(backwards.code).toBe(1);
  expect(backwards.output).toContain('A test clock only moves forward');
});
