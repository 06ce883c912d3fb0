// What the page shows for a refused field: a sentence a person understands, naming the field, in the API's
// error shape; and a use case's log detail reaches the log, never the response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

const logLines: string[] = [];
let billfold: TestBillfold;
let owner: SignedInUser;
let ws: { id: string };

beforeAll(async () => {
  billfold = await startTestBillfold(
    { BILLFOLD_LOG_LEVEL: 'info' },
    { logDestination: { write: (line: string) => void logLines.push(line) } },
  );
  // A use case refusing with words for the caller and ids for the operator, as a route would surface it.
  billfold.app.post('/test/refused-with-detail', async () => {
    throw new BillingError('subscription_conflict', 'This change cannot be made right now.', {
      param: 'plan',
      logMessage: 'subscription sub_internal_4471 is in state incomplete with change chg_internal_4471 pending',
    });
  });
  owner = await signUp(billfold, 'owner');
  ws = await createWorkspaceAs(billfold, owner, 'Worded');
});
afterAll(() => billfold.close());

describe('a refused field, end to end', () => {
  it('answers a seats query of 20000 with the seat range, naming seats', async () => {
    const response = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/subscription/preview?plan=team&seats=20000`, {
      as: owner,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toEqual({
      error: {
        type: 'invalid_request',
        code: 'invalid_request',
        message: 'Choose between 1 and 10,000 seats.',
        param: 'seats',
      },
    });
  });

  it('answers a seats body of 0 the same way', async () => {
    const response = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/subscription/seats`, {
      as: owner,
      body: { seats: 0 },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ message: 'Choose between 1 and 10,000 seats.', param: 'seats' });
  });

  it.each<[label: string, method: 'GET' | 'POST', path: () => string, body: unknown, param: string, message: string]>([
    [
      'a list limit past the bound',
      'GET',
      () => `/v1/workspaces/${ws.id}/members?limit=101`,
      undefined,
      'limit',
      '"limit" must be at most 100.',
    ],
    [
      'a list limit that is no number',
      'GET',
      () => '/v1/workspaces?limit=abc',
      undefined,
      'limit',
      '"limit" must be a number.',
    ],
    ['a missing field', 'POST', () => '/v1/workspaces', { slug: 'no-name' }, 'name', '"name" is required.'],
    [
      'a field of the wrong type',
      'POST',
      () => '/v1/workspaces',
      { name: 7, slug: 'seven' },
      'name',
      '"name" must be text.',
    ],
    [
      'an empty name',
      'POST',
      () => '/v1/workspaces',
      { name: '  ', slug: 'blank' },
      'name',
      '"name" must be at least 1 character.',
    ],
    [
      'an unknown interval',
      'POST',
      () => `/v1/workspaces/${ws.id}/subscription`,
      { plan: 'team', interval: 'week' },
      'interval',
      '"interval" must be one of month, year.',
    ],
    [
      'an unknown field',
      'POST',
      () => '/v1/workspaces',
      { name: 'Extra', slug: 'extra', plan2: 'pro' },
      'plan2',
      '"plan2" is not a known field of this request.',
    ],
    [
      'a bad email',
      'POST',
      () => `/v1/workspaces/${ws.id}/invites`,
      { email: 'not-an-email' },
      'email',
      '"email" must be an email address.',
    ],
    ['no body at all', 'POST', () => '/v1/workspaces', undefined, 'body', 'The request body is required.'],
  ])('%s', async (_label, method, path, body, param, message) => {
    const response = await call(billfold, method, path(), { as: owner, body });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toEqual({ error: { type: 'invalid_request', code: 'invalid_request', message, param } });
  });
});

describe('a refusal with a log detail', () => {
  it('sends the words for the caller and logs the detail for the operator', async () => {
    logLines.length = 0;
    const response = await billfold.app.inject({ method: 'POST', url: '/test/refused-with-detail' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: {
        type: 'conflict',
        code: 'subscription_conflict',
        message: 'This change cannot be made right now.',
        param: 'plan',
      },
    });
    expect(response.body).not.toContain('sub_internal_4471');
    const logged = logLines.map((line) => JSON.parse(line)).find((entry) => entry.msg?.includes('sub_internal_4471'));
    expect(logged).toMatchObject({ code: 'subscription_conflict', param: 'plan' });
  });
});
