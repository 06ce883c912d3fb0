// The CLI names a workspace as the API's `:ws` does: by its id (`ws_…`) or by its slug; a ref that names no
// workspace is refused with "No workspace" and exit 1.
import { afterAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openBillfold } from '../../src/server.ts';
import { cliOnFreshDataDir } from '../support/run-cli.ts';
import { call, signUp } from '../support/test-billfold.ts';

// These tests start Billfold's CLI as child processes (the built server, then the database): on a busy machine
// that takes a while, so they wait longer than the suite's 30 s before calling it a hang.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const cli = cliOnFreshDataDir('ws-ref');
afterAll(cli.remove);
const { env, run: runCli } = cli;

it('names a workspace by id or by slug, and refuses a ref that names none', { timeout: 120_000 }, async () => {
  const setup = await openBillfold(loadConfig(env));
  const owner = await signUp(setup, 'owner');
  const created = await call(setup, 'POST', '/v1/workspaces', {
    as: owner,
    body: { name: 'Initech', slug: 'initech' },
  });
  const ws: string = created.json().id;
  await setup.close();
  expect(ws).toMatch(/^ws_/);

  const byId = await runCli(['credits', 'adjust', ws, '--credits', '100', '--reason', 'By id']);
  expect(byId.code, byId.output).toBe(0);
  expect(byId.output.trim()).toBe('Initech: +100 credits (By id); balance 100.');
  const bySlug = await runCli(['credits', 'adjust', 'initech', '--credits', '50', '--reason', 'By slug']);
  expect(bySlug.code, bySlug.output).toBe(0);
  expect(bySlug.output.trim()).toBe('Initech: +50 credits (By slug); balance 150.');

  const unknownSlug = await runCli(['credits', 'adjust', 'no-such-workspace', '--credits', '1', '--reason', 'Nope']);
  expect(unknownSlug.code).toBe(1);
  expect(unknownSlug.output.trim()).toBe('No workspace "no-such-workspace".');
  const unknownId = await runCli(['credits', 'adjust', `${ws}x`, '--credits', '1', '--reason', 'Nope']);
  expect(unknownId.code).toBe(1);
  expect(unknownId.output.trim()).toBe(`No workspace "${ws}x".`);
});
