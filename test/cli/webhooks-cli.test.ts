// `billfold webhooks add | list | disable | replay` from a terminal: an operator adds an endpoint (its secret
// printed once), lists, disables it and replays a delivery, each audited as the system; a private address the
// deployment does not allow, an unknown workspace and an incomplete command are refused with a reason.
import { afterAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openBillfold } from '../../src/server.ts';
import { cliOnFreshDataDir, runCli } from '../support/run-cli.ts';
import { call, signUp } from '../support/test-billfold.ts';

// These tests start Billfold's CLI as child processes (the built server, then the database): on a busy machine
// that takes a while, so they wait longer than the suite's 30 s before calling it a hang.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const cli = cliOnFreshDataDir('webhooks');
afterAll(cli.remove);
const permissive = { ...cli.env, BILLFOLD_WEBHOOKS_ALLOW_PRIVATE: 'true' };
const run = (args: string[]) => runCli(['webhooks', ...args], permissive);

it('adds, lists, disables and replays from the terminal, audited as the system', { timeout: 240_000 }, async () => {
  const setup = await openBillfold(loadConfig(permissive));
  const owner = await signUp(setup, 'owner');
  const created = await call(setup, 'POST', '/v1/workspaces', { as: owner, body: { name: 'Hooks', slug: 'hooks' } });
  const ws: string = created.json().id;
  await setup.close();

  const added = await run([
    'add',
    'hooks',
    '--url',
    'http://127.0.0.1:4010/hooks',
    '--events',
    'invoice.paid, seats.updated',
  ]);
  expect(added.code, added.output).toBe(0);
  const [addedLine, secretLine] = added.output.trim().split('\n');
  const id = addedLine?.match(/^Added (we_\w+) to Hooks: /)?.[1];
  expect(id, added.output).toBeDefined();
  expect(addedLine).toBe(`Added ${id} to Hooks: http://127.0.0.1:4010/hooks (invoice.paid, seats.updated).`);
  const secret = secretLine?.match(/(whsec_\S+)$/)?.[1];
  expect(secret, added.output).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);

  const listed = await run(['list', 'hooks']);
  expect(listed.code, listed.output).toBe(0);
  expect(listed.output.trim()).toBe(`${id}  enabled   http://127.0.0.1:4010/hooks  invoice.paid, seats.updated`);
  expect(listed.output).not.toContain(secret);

  // A delivery to replay: the endpoint's test event, sent from the API.
  const api = await openBillfold(loadConfig(permissive));
  let original = '';
  try {
    const tested = await call(api, 'POST', `/v1/workspaces/${ws}/webhook-endpoints/${id}/test`, { as: owner });
    expect(tested.statusCode, tested.body).toBe(201);
    original = tested.json().id;
  } finally {
    await api.close();
  }

  const replayed = await run(['replay', 'hooks', original]);
  expect(replayed.code, replayed.output).toBe(0);
  expect(replayed.output).toMatch(
    new RegExp(`^Replaying webhook_endpoint\\.test evt_\\w+ to ${id} as whd_\\w+ \\(replay of ${original}\\)\\.`),
  );

  const disabled = await run(['disable', 'hooks', id ?? '']);
  expect(disabled.code, disabled.output).toBe(0);
  expect(disabled.output.trim()).toBe(`${id} (http://127.0.0.1:4010/hooks) is disabled.`);
  const replayDisabled = await run(['replay', 'hooks', original]);
  expect(replayDisabled.code).toBe(1);
  expect(replayDisabled.output).toContain('is disabled. Enable it to replay a delivery.');

  const check = await openBillfold(loadConfig(permissive));
  try {
    const endpoint = await call(check, 'GET', `/v1/workspaces/${ws}/webhook-endpoints/${id}`, { as: owner });
    expect(endpoint.json()).toMatchObject({ enabled: false, status: 'disabled' });
    const log = await call(check, 'GET', `/v1/workspaces/${ws}/webhook-endpoints/${id}/deliveries`, { as: owner });
    expect(log.json().data).toMatchObject([{ replayOf: original, status: 'pending' }, { id: original }]);
    const audit = await check.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_type'])
      .where('workspace_id', '=', ws)
      .where('action', 'like', 'webhook_%')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'webhook_endpoint.created', actor_type: 'system' },
      { action: 'webhook_endpoint.test_sent', actor_type: 'user' },
      { action: 'webhook_delivery.replayed', actor_type: 'system' },
      { action: 'webhook_endpoint.updated', actor_type: 'system' },
    ]);
  } finally {
    await check.close();
  }
});

it('refuses a private address the deployment does not allow, an unknown workspace and a half command', {
  timeout: 240_000,
}, async () => {
  const strict = await runCli(['webhooks', 'add', 'hooks', '--url', 'https://10.0.0.7/hooks'], cli.env);
  expect(strict.code).toBe(1);
  expect(strict.output).toContain('10.0.0.7');
  expect(strict.output).toContain('private');
  expect(strict.output).not.toMatch(/\n\s+at /); // the reason, without a stack trace
  const unknownType = await run(['add', 'hooks', '--url', 'http://127.0.0.1:4010/x', '--events', 'invoice.paied']);
  expect(unknownType.code).toBe(1);
  expect(unknownType.output).toContain('Unknown event type "invoice.paied"');

  const nowhere = await run(['list', 'nowhere']);
  expect(nowhere.code).toBe(1);
  expect(nowhere.output.trim()).toBe('No workspace "nowhere".');

  const half = await run(['add', 'hooks']);
  expect(half.code).toBe(1);
  expect(half.output).toContain('Incomplete command.');
  expect(half.output).toContain('webhooks add <workspace> --url <URL>');

  // Nothing was added by the refusals: the one endpoint of the first test is all there is.
  const listed = await run(['list', 'hooks']);
  expect(listed.output.trim().split('\n')).toHaveLength(1);
});
