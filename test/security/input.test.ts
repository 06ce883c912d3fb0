// Hostile input on every route: text Postgres cannot hold (NUL, lone surrogates) in any body field, path id or
// cursor, JSON nested deep enough to overflow a stack, fields no schema knows, and country codes that name no
// country. Each is refused with 4xx naming the field, and nothing is written.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustCredits } from '../../src/billing/credits/adjust-credits.ts';
import { loadConfig } from '../../src/config.ts';
import { systemActor } from '../../src/domain/access/actor.ts';
import { addCard, draftInvoice, testCards, tokenize } from '../support/billing-fixtures.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
  testOrigin,
} from '../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
});
afterAll(() => billfold.close());

// Sessions, rate-limit counters and idempotency records move on every request; API keys record their last use.
const movingTables = new Set(['session', 'rateLimit', 'idempotency_record', 'api_key']);

/** Every row of every table a refused request could have written, as text. */
async function everyRow(): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(billfold.deps.db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    if (movingTables.has(table_name)) continue;
    const rows = await sql`select * from ${sql.table(table_name)} order by 1`.execute(billfold.deps.db);
    parts.push(`${table_name}: ${JSON.stringify(rows.rows)}`);
  }
  const keys = await billfold.deps.db.selectFrom('api_key').select('id').orderBy('id').execute();
  parts.push(`api_key: ${JSON.stringify(keys)}`);
  return parts.join('\n');
}

/** A workspace of its own for one test: a card, an open invoice, credits and an API key for debits. */
async function seedWorkspace() {
  const ws = await createWorkspaceAs(billfold, owner, 'Hostile Input Co');
  const card = await addCard(billfold, owner, ws.id, testCards.succeeds);
  expect(card.statusCode, card.body).toBe(201);
  await adjustCredits(billfold.deps, ws.id, { credits: 1_000, reason: 'test balance', actor: systemActor });
  const key = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, {
    as: owner,
    body: { name: 'product' },
  });
  expect(key.statusCode, key.body).toBe(201);
  const members = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members`, { as: owner });
  return {
    id: ws.id,
    memberId: members.json().data[0].id as string,
    invoiceId: await draftInvoice(billfold, ws.id),
    apiKey: { apiKey: key.json().token as string },
  };
}
type Seeded = Awaited<ReturnType<typeof seedWorkspace>>;

const nul = 'before\u0000after';
const details = {
  legalName: 'Globex GmbH',
  email: 'ap@globex.example',
  addressLine1: 'Friedrichstraße 1',
  addressLine2: 'Hinterhaus',
  city: 'Berlin',
  postalCode: '10117',
  region: 'Berlin',
  country: 'DE',
  taxId: 'DE123456789',
};
const line = { description: 'Onboarding workshop', quantity: 1, unitAmount: 15000 };

interface BodyCase {
  method: 'POST' | 'PUT' | 'PATCH';
  path: (ws: Seeded) => string;
  body: (ws: Seeded) => Promise<unknown> | unknown;
  as?: (ws: Seeded) => SignedInUser | { apiKey: string };
  idempotencyKey?: string;
}

const debit = (extra: Record<string, unknown>): BodyCase => ({
  method: 'POST',
  path: (ws) => `/v1/workspaces/${ws.id}/credits/consume`,
  body: () => ({ amount: 10, description: 'report run', ...extra }),
  as: (ws) => ws.apiKey,
  idempotencyKey: 'debit-1',
});
const billingDetailsWith = (field: string, value: unknown): BodyCase => ({
  method: 'PUT',
  path: (ws) => `/v1/workspaces/${ws.id}/billing-details`,
  body: () => ({ ...details, [field]: value }),
});

/** Each body field Billfold stores as text, with a NUL (or a lone surrogate) in it, and the param to name. */
const nulFields: [field: string, param: string, BodyCase][] = [
  [
    'a NUL in the workspace name',
    'name',
    { method: 'POST', path: () => '/v1/workspaces', body: () => ({ name: nul, slug: `nul-${Date.now()}` }) },
  ],
  [
    'a NUL in the API-key name',
    'name',
    { method: 'POST', path: (ws) => `/v1/workspaces/${ws.id}/api-keys`, body: () => ({ name: nul }) },
  ],
  [
    'a NUL in the invite role',
    'role',
    {
      method: 'POST',
      path: (ws) => `/v1/workspaces/${ws.id}/invites`,
      body: () => ({ email: 'new@example.test', role: nul }),
    },
  ],
  [
    'a NUL in the member role',
    'role',
    { method: 'PATCH', path: (ws) => `/v1/workspaces/${ws.id}/members/${ws.memberId}`, body: () => ({ role: nul }) },
  ],
  [
    'a NUL in the card token',
    'token',
    { method: 'POST', path: (ws) => `/v1/workspaces/${ws.id}/payment-methods`, body: () => ({ token: nul }) },
  ],
  ...Object.keys(details).map((field): [string, string, BodyCase] => [
    `a NUL in the billing details ${field}`,
    field,
    billingDetailsWith(field, field === 'email' ? 'ap\u0000@globex.example' : nul),
  ]),
  [
    'a NUL in the invoice line description',
    'lines.2.description',
    {
      method: 'POST',
      path: (ws) => `/v1/workspaces/${ws.id}/invoices`,
      body: () => ({ lines: [line, line, { ...line, description: nul }] }),
    },
  ],
  [
    'a NUL in the auto top-up packId',
    'packId',
    {
      method: 'PUT',
      path: (ws) => `/v1/workspaces/${ws.id}/credits/auto-top-up`,
      body: () => ({ enabled: false, packId: nul, threshold: null }),
    },
  ],
  ['a NUL in the debit description', 'description', debit({ description: nul })],
  [
    'a NUL in the webhook endpoint URL',
    'url',
    {
      method: 'POST',
      path: (ws) => `/v1/workspaces/${ws.id}/webhook-endpoints`,
      body: () => ({ url: `https://a${nul}` }),
    },
  ],
  [
    'a NUL in the webhook endpoint description',
    'description',
    {
      method: 'POST',
      path: (ws) => `/v1/workspaces/${ws.id}/webhook-endpoints`,
      body: () => ({ url: 'https://93.184.215.14/hooks', description: nul }),
    },
  ],
  [
    'a NUL in a webhook event type',
    'eventTypes.0',
    {
      method: 'POST',
      path: (ws) => `/v1/workspaces/${ws.id}/webhook-endpoints`,
      body: () => ({ url: 'https://93.184.215.14/hooks', eventTypes: [nul] }),
    },
  ],
  ['a NUL in the debit metadata value', 'metadata.reportId', debit({ metadata: { reportId: nul } })],
  ['a NUL in the debit metadata key', 'metadata', debit({ metadata: { [nul]: 'report' } })],
  ['a lone surrogate in a debit metadata value', 'metadata.reportId', debit({ metadata: { reportId: 'a\ud800b' } })],
  ['a lone surrogate in a debit description', 'description', debit({ description: 'run \udc00' })],
];

function send(ws: Seeded, request: BodyCase, body: unknown) {
  return call(billfold, request.method, request.path(ws), {
    as: request.as?.(ws) ?? owner,
    body,
    ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
  });
}

describe('text Postgres cannot hold', () => {
  it.each(nulFields)('refuses %s with 400 naming %s, and writes nothing', async (_field, param, request) => {
    const ws = await seedWorkspace();
    const body = await request.body(ws);
    const before = await everyRow();
    const response = await send(ws, request, body);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', code: 'invalid_request', param });
    expect(response.json().error.message).toContain(param);
    expect(await everyRow()).toEqual(before);
  });

  it.each([
    ['a workspace', 'GET', () => '/v1/workspaces/%00/billing'],
    ['a member', 'DELETE', (ws: Seeded) => `/v1/workspaces/${ws.id}/members/%00`],
    ['an invite to revoke', 'DELETE', (ws: Seeded) => `/v1/workspaces/${ws.id}/invites/%00`],
    ['an invite to read', 'GET', () => '/v1/invites/%00'],
    ['an invite to accept', 'POST', () => '/v1/invites/a%00b/accept'],
    ['a default card', 'POST', (ws: Seeded) => `/v1/workspaces/${ws.id}/payment-methods/%00/default`],
    ['a card to remove', 'DELETE', (ws: Seeded) => `/v1/workspaces/${ws.id}/payment-methods/%00`],
    ['an invoice', 'GET', (ws: Seeded) => `/v1/workspaces/${ws.id}/invoices/%00`],
    ['an invoice PDF', 'GET', (ws: Seeded) => `/v1/workspaces/${ws.id}/invoices/%00/pdf`],
    ['an invoice to pay', 'POST', (ws: Seeded) => `/v1/workspaces/${ws.id}/invoices/inv_%00/pay`],
    ['a webhook endpoint', 'DELETE', (ws: Seeded) => `/v1/workspaces/${ws.id}/webhook-endpoints/we_%00`],
    [
      'a webhook delivery to replay',
      'POST',
      (ws: Seeded) => `/v1/workspaces/${ws.id}/webhook-endpoints/we_x/deliveries/%00/replay`,
    ],
  ] as const)('answers a NUL in the id of %s with 404', async (_label, method, path) => {
    const ws = await seedWorkspace();
    const before = await everyRow();
    const response = await call(billfold, method, path(ws), { as: owner });
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json().error).toMatchObject({ type: 'not_found', code: 'not_found' });
    expect(await everyRow()).toEqual(before);
  });

  it.each([
    ['the hosted invoice page', 'GET', '/invoices/%00'],
    ['the hosted invoice PDF', 'GET', '/invoices/abc%00/pdf'],
    ['the sandbox authentication step', 'POST', '/sandbox/v1/charges/%00/confirm'],
    ['an auth endpoint', 'GET', '/api/auth/%00'],
  ] as const)('answers a NUL in the path of %s, signed out, with 404', async (_label, method, url) => {
    const before = await everyRow();
    const response = await call(billfold, method, url, { as: null });
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json().error).toMatchObject({ type: 'not_found', code: 'not_found' });
    expect(await everyRow()).toEqual(before);
  });

  it.each([
    'workspaces',
    'workspaces/:ws/members',
    'workspaces/:ws/invites',
    'workspaces/:ws/invoices',
    'workspaces/:ws/payment-methods',
    'workspaces/:ws/credits/transactions',
    'workspaces/:ws/webhook-endpoints',
  ])('refuses a NUL in the startingAfter cursor of %s with 400 naming it', async (list) => {
    const ws = await seedWorkspace();
    const url = `/v1/${list.replace(':ws', ws.id)}?startingAfter=abc%00`;
    const response = await call(billfold, 'GET', url, { as: owner });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', param: 'startingAfter' });
  });

  it('refuses a NUL in a sign-in email with 400 naming it', async () => {
    const response = await call(billfold, 'POST', '/api/auth/sign-in/email', {
      as: null,
      body: { email: `${owner.email}\u0000`, password: 'correct-horse-battery' },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', param: 'email' });
  });

  it('refuses a NUL in a card number sent to the sandbox with 400 naming it', async () => {
    const response = await call(billfold, 'POST', '/sandbox/v1/tokens', {
      as: null,
      body: { number: `4242424242424242\u0000`, expMonth: 12, expYear: 2040, cvc: '123' },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ param: 'number' });
  });
});

/** A JSON text `depth` arrays deep, inside an object with the given fields. */
function nested(fields: Record<string, unknown>, depth: number): string {
  return `${JSON.stringify(fields).slice(0, -1)},"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

function postJson(url: string, payload: string, headers: Record<string, string> = {}) {
  return billfold.app.inject({
    method: 'POST',
    url,
    headers: { origin: testOrigin, 'content-type': 'application/json', ...headers },
    payload,
  });
}

describe('deeply nested JSON', () => {
  it.each([
    ['sign-in', '/api/auth/sign-in/email', false],
    ['sign-up', '/api/auth/sign-up/email', false],
    ['the sandbox tokenizer', '/sandbox/v1/tokens', false],
    ['workspace creation', '/v1/workspaces', true],
  ])('refuses a 10,000-deep body to %s with 400 naming the body', async (_label, url, signedIn) => {
    const before = await everyRow();
    const response = await postJson(
      url,
      nested({ email: owner.email, password: 'correct-horse-battery', name: 'Deep', slug: 'deep' }, 10_000),
      signedIn ? { cookie: owner.cookie } : {},
    );
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', code: 'invalid_request', param: 'body' });
    expect(await everyRow()).toEqual(before);
  });

  it('refuses a body 33 levels deep, and still reads a real one (brackets inside text do not count)', async () => {
    const deep = await postJson('/v1/workspaces', nested({ name: 'Deep', slug: 'deep-33' }, 32), {
      cookie: owner.cookie,
    });
    expect(deep.statusCode, deep.body).toBe(400);
    expect(deep.json().error.param).toBe('body');
    const real = await postJson(
      '/v1/workspaces',
      JSON.stringify({ name: `${'['.repeat(40)} Co`, slug: `shallow-${Date.now()}` }),
      {
        cookie: owner.cookie,
      },
    );
    expect(real.statusCode, real.body).toBe(201);
  });
});

/** A body each route takes, and a field it does not know. */
const unknownFields: [route: string, param: string, BodyCase][] = [
  [
    'POST /v1/workspaces',
    'plan2',
    { method: 'POST', path: () => '/v1/workspaces', body: () => ({ name: 'Extra', slug: 'extra', plan2: 'pro' }) },
  ],
  ['PUT billing-details', 'foo', billingDetailsWith('foo', 'bar')],
  [
    'PATCH members/:member',
    'userId',
    {
      method: 'PATCH',
      path: (ws) => `/v1/workspaces/${ws.id}/members/${ws.memberId}`,
      body: () => ({ role: 'admin', userId: owner.userId }),
    },
  ],
  [
    'POST invoices (in a line)',
    'lines.1.amount',
    {
      method: 'POST',
      path: (ws) => `/v1/workspaces/${ws.id}/invoices`,
      body: () => ({ lines: [line, { ...line, amount: 1 }] }),
    },
  ],
  [
    'POST payment-methods',
    'isDefault',
    {
      method: 'POST',
      path: (ws) => `/v1/workspaces/${ws.id}/payment-methods`,
      body: async () => ({ token: await tokenize(billfold, testCards.succeeds), isDefault: true }),
    },
  ],
  [
    'POST subscription',
    'unitAmount',
    {
      method: 'POST',
      path: (ws) => `/v1/workspaces/${ws.id}/subscription`,
      body: () => ({ plan: 'team', seats: 2, unitAmount: 0 }),
    },
  ],
  ['POST credits/consume', 'workspaceId', debit({ workspaceId: 'ws_other' })],
  [
    'POST roles',
    'builtIn',
    {
      method: 'POST',
      path: (ws) => `/v1/workspaces/${ws.id}/roles`,
      body: () => ({ name: 'ops', permissions: ['billing'], builtIn: true }),
    },
  ],
];

describe('fields no route knows', () => {
  it.each(unknownFields)(
    '%s refuses an unknown field with 400 naming %s, and changes nothing',
    async (_r, param, request) => {
      const ws = await seedWorkspace();
      const body = await request.body(ws);
      const before = await everyRow();
      const response = await send(ws, request, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({ type: 'invalid_request', code: 'invalid_request', param });
      expect(response.json().error.message).toContain('not a known field');
      expect(await everyRow()).toEqual(before);
    },
  );

  it('the OpenAPI document marks every request body object closed, so a new route cannot forget', async () => {
    const document = (await call(billfold, 'GET', '/openapi.json')).json();
    const open: string[] = [];
    const visit = (schema: unknown, where: string) => {
      if (typeof schema !== 'object' || schema === null) return;
      const node = schema as Record<string, unknown>;
      const isRecord = typeof node.additionalProperties === 'object';
      if (node.type === 'object' && !isRecord && node.additionalProperties !== false) open.push(where);
      for (const [key, child] of Object.entries(node)) visit(child, `${where}/${key}`);
    };
    let bodies = 0;
    for (const [path, operations] of Object.entries<Record<string, { requestBody?: unknown }>>(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!operation.requestBody) continue;
        bodies += 1;
        visit(operation.requestBody, `${method.toUpperCase()} ${path}`);
      }
    }
    expect(bodies).toBeGreaterThan(15);
    expect(open).toEqual([]);
  });
});

describe('country codes', () => {
  it.each(['ZZ', 'EU', 'UK', 'QO'])('billing details refuse %s, naming the country, and save nothing', async (code) => {
    const ws = await seedWorkspace();
    const before = await everyRow();
    // Without a tax id: the country alone is what this checks (a German VAT number is no UK one).
    const response = await send(ws, billingDetailsWith('country', code), {
      ...details,
      country: code,
      taxId: undefined,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', param: 'country' });
    expect(await everyRow()).toEqual(before);
  });

  it.each(['DE', 'gb', 'AX', 'SS', 'CW'])('billing details take the real code %s', async (code) => {
    const ws = await seedWorkspace();
    // Without a tax id: the country alone is what this checks (a German VAT number is no UK one).
    const response = await send(ws, billingDetailsWith('country', code), {
      ...details,
      country: code,
      taxId: undefined,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().country).toBe(code.toUpperCase());
  });

  it('BILLFOLD_TAX_RATES naming no country stops start-up, naming the variable and the entry', () => {
    expect(() => loadConfig({ BILLFOLD_TAX_RATES: 'DE=19,ZZ=5' })).toThrow(/BILLFOLD_TAX_RATES.*ZZ=5/);
  });
});
