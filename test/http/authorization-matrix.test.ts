// Every workspace route × every kind of caller: who gets in (DESIGN.md section 1, docs/decisions/003-roles.md),
// that a refused call changes nothing, and the CSRF rule for cookie-authenticated changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustCredits } from '../../src/billing/credits/adjust-credits.ts';
import { systemActor } from '../../src/domain/access/actor.ts';
import type { Billfold } from '../../src/server.ts';
import { addCard, draftInvoice, payInvoiceAs, testCards, tokenize } from '../support/billing-fixtures.ts';
import {
  addMember,
  type CallOptions,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';
import { freshEmail, memberIdOf, setMaxUsers } from '../support/workspace-state.ts';

const callerNames = [
  'owner',
  'admin',
  'billing role',
  'custom role with billing',
  'custom role without billing',
  'member',
  'member, billing visible to members',
  'signed out',
  'API key of this workspace',
  'API key of another workspace',
  'revoked API key of this workspace',
] as const;
type CallerName = (typeof callerNames)[number];

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface Route {
  method: Method;
  /** The path, given the workspace ref and whatever `prepare` made for this call. */
  path: (ws: string, target: string) => string;
  body?: (target: string) => unknown;
  /** Makes what the call acts on (an invite to revoke, a member to change, a card token), as the owner; returns its id. */
  prepare?: () => Promise<string>;
  /** For routes that require an Idempotency-Key. */
  idempotencyKey?: () => string;
  /** Expected status per caller. */
  expected: Record<CallerName, number>;
}

/** Who holds a permission; everyone else who is in the workspace gets 403. */
function expectedFor(
  success: number,
  allowed: readonly CallerName[],
  notes: { signedOut?: number; otherKey?: number } = {},
): Record<CallerName, number> {
  const expected = {} as Record<CallerName, number>;
  for (const caller of callerNames) expected[caller] = allowed.includes(caller) ? success : 403;
  expected['signed out'] = notes.signedOut ?? 401;
  expected['revoked API key of this workspace'] = 401;
  expected['API key of another workspace'] = notes.otherKey ?? 404;
  return expected;
}

const everyMember = [
  'owner',
  'admin',
  'billing role',
  'custom role with billing',
  'custom role without billing',
  'member',
  'member, billing visible to members',
] as const;
const billingManagers = ['owner', 'billing role', 'custom role with billing'] as const;
const membersManagers = ['owner', 'admin', 'custom role without billing', 'API key of this workspace'] as const;
const billingViewers = [...billingManagers, 'member, billing visible to members', 'API key of this workspace'] as const;
const billingWriters = [...billingManagers, 'API key of this workspace'] as const;

// A new route is one more row. Billing routes first: billing:view and billing:manage.
const routes: Record<string, Route> = {
  'GET /billing': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/billing`,
    // The visible setting grants viewing; an API key acts for the operator's product.
    expected: expectedFor(200, [...billingManagers, 'member, billing visible to members', 'API key of this workspace']),
  },
  'GET /payment-methods': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/payment-methods`,
    expected: expectedFor(200, billingViewers),
  },
  'POST /payment-methods': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/payment-methods`,
    prepare: () => tokenize(billfold, testCards.mastercard),
    body: (token) => ({ token }),
    expected: expectedFor(201, billingWriters),
  },
  'POST /payment-methods/:pm/default': {
    method: 'POST',
    path: (ws, pm) => `/v1/workspaces/${ws}/payment-methods/${pm}/default`,
    prepare: async () => (await addCard(billfold, owner, workspace.id, testCards.mastercard)).json().id,
    expected: expectedFor(200, billingWriters),
  },
  'DELETE /payment-methods/:pm': {
    method: 'DELETE',
    path: (ws, pm) => `/v1/workspaces/${ws}/payment-methods/${pm}`,
    prepare: async () => (await addCard(billfold, owner, workspace.id, testCards.mastercard)).json().id,
    expected: expectedFor(200, billingWriters),
  },
  'GET /billing-details': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/billing-details`,
    expected: expectedFor(200, billingViewers),
  },
  'PUT /billing-details': {
    method: 'PUT',
    path: (ws) => `/v1/workspaces/${ws}/billing-details`,
    body: () => ({
      legalName: `Matrix ${Math.random().toString(36).slice(2, 8)} LLC`,
      email: 'ap@matrix.example',
      addressLine1: '1 Grid Road',
      city: 'Leeds',
      postalCode: 'LS1 1AA',
      country: 'GB',
    }),
    expected: expectedFor(200, billingWriters),
  },
  'GET /invoices': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/invoices`,
    expected: expectedFor(200, billingViewers),
  },
  // Who changed what, and the events webhooks carry: for those who manage billing (and a key that may).
  'GET /activity': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/activity`,
    expected: expectedFor(200, billingWriters),
  },
  'GET /events': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/events`,
    expected: expectedFor(200, billingWriters),
  },
  'POST /invoices': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/invoices`,
    body: () => ({ lines: [{ description: 'Workshop', quantity: 1, unitAmount: 5000 }] }),
    expected: expectedFor(201, billingWriters),
  },
  'GET /invoices/:inv': {
    method: 'GET',
    path: (ws, invoice) => `/v1/workspaces/${ws}/invoices/${invoice}`,
    prepare: () => paidInvoice(),
    expected: expectedFor(200, billingViewers),
  },
  'GET /invoices/:inv/pdf': {
    method: 'GET',
    path: (ws, invoice) => `/v1/workspaces/${ws}/invoices/${invoice}/pdf`,
    prepare: () => paidInvoice(),
    expected: expectedFor(200, billingViewers),
  },
  'POST /invoices/:inv/pay': {
    method: 'POST',
    path: (ws, invoice) => `/v1/workspaces/${ws}/invoices/${invoice}/pay`,
    prepare: () => draftInvoice(billfold, workspace.id),
    expected: expectedFor(200, billingWriters),
  },
  'POST /invoices/:inv/refunds': {
    method: 'POST',
    path: (ws, invoice) => `/v1/workspaces/${ws}/invoices/${invoice}/refunds`,
    prepare: () => paidInvoice(),
    body: () => ({ amount: 100, reason: 'requested_by_customer' }),
    expected: expectedFor(201, billingWriters),
  },
  'GET /credit-notes': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/credit-notes`,
    expected: expectedFor(200, billingViewers),
  },
  'GET /balance': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/balance`,
    expected: expectedFor(200, billingViewers),
  },
  'POST /test-clock': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/test-clock`,
    prepare: () => detachTestClock(),
    body: () => ({ frozenTime: '2027-01-01T00:00:00Z' }),
    expected: expectedFor(201, billingWriters),
  },
  'GET /test-clock': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/test-clock`,
    prepare: () => attachTestClock(),
    expected: expectedFor(200, billingViewers),
  },
  'POST /test-clock/advance': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/test-clock/advance`,
    prepare: () => attachTestClock(),
    // Each call moves the clock a day further than the last.
    body: () => ({ to: new Date(Date.UTC(2027, 1, 1) + nextStep() * 86_400_000).toISOString() }),
    expected: expectedFor(200, billingWriters),
  },
  'GET /subscription/preview': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/subscription/preview?plan=team&seats=250`,
    expected: expectedFor(200, billingViewers),
  },
  'POST /subscription': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/subscription`,
    // Subscribes first, then each call buys one more seat, so every successful call changes something.
    body: () => ({ plan: 'team', interval: 'month', seats: 200 + nextStep() }),
    expected: expectedFor(200, billingWriters),
  },
  'POST /subscription/seats': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/subscription/seats`,
    body: () => ({ seats: 400 + nextStep() }),
    expected: expectedFor(200, billingWriters),
  },
  'POST /subscription/cancel': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/subscription/cancel`,
    prepare: () => setCancelAtPeriodEnd(false),
    expected: expectedFor(200, billingWriters),
  },
  'POST /subscription/resume': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/subscription/resume`,
    prepare: () => setCancelAtPeriodEnd(true),
    expected: expectedFor(200, billingWriters),
  },
  'POST /subscription/scheduled-change/cancel': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/subscription/scheduled-change/cancel`,
    prepare: () => scheduleSeatDecrease(),
    expected: expectedFor(200, billingWriters),
  },
  'GET /credits': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/credits`,
    expected: expectedFor(200, billingViewers),
  },
  'GET /credits/transactions': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/credits/transactions`,
    expected: expectedFor(200, billingViewers),
  },
  'GET /credits/transactions.csv': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/credits/transactions.csv`,
    expected: expectedFor(200, billingViewers),
  },
  'GET /credits/quote': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/credits/quote?pack=credits_1000`,
    prepare: () => putOnFlex(),
    // A quote is for someone about to buy: it needs what buying needs.
    expected: expectedFor(200, billingWriters),
  },
  'POST /credits/purchases': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/credits/purchases`,
    prepare: () => putOnFlex(),
    body: () => ({ pack: 'credits_1000' }),
    expected: expectedFor(200, billingWriters),
  },
  'PUT /credits/auto-top-up': {
    method: 'PUT',
    path: (ws) => `/v1/workspaces/${ws}/credits/auto-top-up`,
    prepare: () => putOnFlex(),
    body: () => ({ enabled: true, packId: 'credits_1000', threshold: 100 + nextStep() }),
    expected: expectedFor(200, billingWriters),
  },
  'POST /credits/consume': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/credits/consume`,
    prepare: async () => {
      await adjustCredits(billfold.deps, workspace.id, { credits: 1, reason: 'matrix', actor: systemActor });
      return '';
    },
    body: () => ({ amount: 1, description: 'matrix' }),
    idempotencyKey: () => `consume-${nextStep()}`,
    // The operator's product consumes credits; no member role may.
    expected: expectedFor(200, ['API key of this workspace']),
  },
  'POST /credits/consume (a batch)': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/credits/consume`,
    prepare: async () => {
      await adjustCredits(billfold.deps, workspace.id, { credits: 2, reason: 'matrix', actor: systemActor });
      return '';
    },
    body: () => ({ debits: [1, 2].map((i) => ({ amount: 1, idempotencyKey: `batch-${nextStep()}-${i}` })) }),
    // The same callers as one debit.
    expected: expectedFor(200, ['API key of this workspace']),
  },
  'POST /api-keys': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/api-keys`,
    body: () => ({ name: 'matrix key' }),
    // Viewing billing (the setting) is not managing it; an API key cannot mint more keys.
    expected: expectedFor(201, billingManagers),
  },
  'GET /api-keys': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/api-keys`,
    expected: expectedFor(200, billingManagers),
  },
  'DELETE /api-keys/:key': {
    method: 'DELETE',
    path: (ws, key) => `/v1/workspaces/${ws}/api-keys/${key}`,
    prepare: () => newApiKey(),
    // An API key cannot revoke keys, its own or another.
    expected: expectedFor(200, billingManagers),
  },
  // Webhook endpoints: the people who manage API keys; never a key (it could send the workspace's events anywhere).
  'GET /webhook-endpoints': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/webhook-endpoints`,
    expected: expectedFor(200, billingManagers),
  },
  'POST /webhook-endpoints': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/webhook-endpoints`,
    body: () => ({ url: `https://93.184.215.14/matrix/${nextStep()}` }),
    expected: expectedFor(201, billingManagers),
  },
  'GET /webhook-endpoints/:endpoint': {
    method: 'GET',
    path: (ws, endpoint) => `/v1/workspaces/${ws}/webhook-endpoints/${endpoint}`,
    prepare: () => matrixEndpoint(),
    expected: expectedFor(200, billingManagers),
  },
  'PATCH /webhook-endpoints/:endpoint': {
    method: 'PATCH',
    path: (ws, endpoint) => `/v1/workspaces/${ws}/webhook-endpoints/${endpoint}`,
    prepare: () => matrixEndpoint(),
    body: () => ({ description: `matrix ${nextStep()}` }),
    expected: expectedFor(200, billingManagers),
  },
  'DELETE /webhook-endpoints/:endpoint': {
    method: 'DELETE',
    path: (ws, endpoint) => `/v1/workspaces/${ws}/webhook-endpoints/${endpoint}`,
    prepare: () => deletableEndpoint(),
    expected: expectedFor(200, billingManagers),
  },
  'POST /webhook-endpoints/:endpoint/rotate-secret': {
    method: 'POST',
    path: (ws, endpoint) => `/v1/workspaces/${ws}/webhook-endpoints/${endpoint}/rotate-secret`,
    prepare: () => matrixEndpoint(),
    expected: expectedFor(200, billingManagers),
  },
  'POST /webhook-endpoints/:endpoint/test': {
    method: 'POST',
    path: (ws, endpoint) => `/v1/workspaces/${ws}/webhook-endpoints/${endpoint}/test`,
    prepare: () => matrixEndpoint(),
    expected: expectedFor(201, billingManagers),
  },
  'GET /webhook-endpoints/:endpoint/deliveries': {
    method: 'GET',
    path: (ws, endpoint) => `/v1/workspaces/${ws}/webhook-endpoints/${endpoint}/deliveries`,
    prepare: () => matrixEndpoint(),
    expected: expectedFor(200, billingManagers),
  },
  'POST /webhook-endpoints/:endpoint/deliveries/:delivery/replay': {
    method: 'POST',
    // The target is "<endpoint>/deliveries/<delivery>".
    path: (ws, delivery) => `/v1/workspaces/${ws}/webhook-endpoints/${delivery}/replay`,
    prepare: () => matrixDelivery(),
    expected: expectedFor(201, billingManagers),
  },
  'GET /members': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/members`,
    expected: expectedFor(200, [...everyMember, 'API key of this workspace']),
  },
  'PATCH /members/:member': {
    method: 'PATCH',
    path: (ws, member) => `/v1/workspaces/${ws}/members/${member}`,
    prepare: () => newMember('observer'),
    body: () => ({ role: 'member' }),
    expected: expectedFor(200, membersManagers),
  },
  'DELETE /members/:member (someone else)': {
    method: 'DELETE',
    path: (ws, member) => `/v1/workspaces/${ws}/members/${member}`,
    prepare: () => newMember('member'),
    expected: expectedFor(200, membersManagers),
  },
  'GET /invites': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/invites`,
    expected: expectedFor(200, [...everyMember, 'API key of this workspace']),
  },
  'POST /invites': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/invites`,
    body: () => ({ email: freshEmail('invitee') }),
    expected: expectedFor(201, membersManagers),
  },
  'DELETE /invites/:invite': {
    method: 'DELETE',
    path: (ws, invite) => `/v1/workspaces/${ws}/invites/${invite}`,
    prepare: async () => {
      const sent = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invites`, {
        as: owner,
        body: { email: freshEmail('revocable') },
      });
      expect(sent.statusCode).toBe(201);
      return sent.json().id;
    },
    expected: expectedFor(200, membersManagers),
  },
  'GET /roles': {
    method: 'GET',
    path: (ws) => `/v1/workspaces/${ws}/roles`,
    expected: expectedFor(200, [...everyMember, 'API key of this workspace']),
  },
  'POST /roles': {
    method: 'POST',
    path: (ws) => `/v1/workspaces/${ws}/roles`,
    body: () => ({ name: `role-${Math.random().toString(36).slice(2, 8)}`, permissions: [] }),
    expected: expectedFor(201, ['owner', 'admin']),
  },
  'PATCH /roles/:role': {
    method: 'PATCH',
    path: (ws, role) => `/v1/workspaces/${ws}/roles/${role}`,
    prepare: () => newCustomRole(),
    body: () => ({ permissions: ['members'] }),
    expected: expectedFor(200, ['owner', 'admin']),
  },
  'DELETE /roles/:role': {
    method: 'DELETE',
    path: (ws, role) => `/v1/workspaces/${ws}/roles/${role}`,
    prepare: () => newCustomRole(),
    expected: expectedFor(200, ['owner', 'admin']),
  },
};

let billfold: TestBillfold;
let visibleToMembers: Billfold;
let workspace: { id: string; slug: string };
let owner: SignedInUser;
let outsider: SignedInUser;
const callers = {} as Record<CallerName, { app: () => Billfold; as: CallOptions['as'] }>;

async function paidInvoice(): Promise<string> {
  const invoiceId = await draftInvoice(billfold, workspace.id);
  expect((await payInvoiceAs(billfold, owner, workspace.id, invoiceId)).statusCode).toBe(200);
  return invoiceId;
}

let step = 0;
function nextStep(): number {
  step += 1;
  return step;
}

async function detachTestClock(): Promise<string> {
  await billfold.deps.db
    .updateTable('workspace_billing')
    .set({ test_clock_id: null })
    .where('workspace_id', '=', workspace.id)
    .execute();
  await billfold.deps.db.deleteFrom('test_clock').where('workspace_id', '=', workspace.id).execute();
  return '';
}

async function attachTestClock(): Promise<string> {
  const attached = await billfold.deps.db
    .selectFrom('test_clock')
    .select('id')
    .where('workspace_id', '=', workspace.id)
    .executeTakeFirst();
  if (!attached) {
    const created = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/test-clock`, {
      as: owner,
      body: { frozenTime: '2027-01-01T00:00:00Z' },
    });
    expect(created.statusCode).toBe(201);
  }
  return '';
}

/** Credits are sold on Flex (and Pro): the credit rows run on a workspace whose plan sells them. */
async function putOnFlex(): Promise<string> {
  await billfold.deps.db
    .updateTable('workspace_billing')
    .set({ plan_id: 'flex' })
    .where('workspace_id', '=', workspace.id)
    .execute();
  return '';
}

async function setCancelAtPeriodEnd(cancel: boolean): Promise<string> {
  await billfold.deps.db
    .updateTable('subscription')
    .set({ cancel_at_period_end: cancel, ends_with_plan_id: cancel ? 'free' : null })
    .where('workspace_id', '=', workspace.id)
    .where('status', '<>', 'canceled')
    .execute();
  return '';
}

/** A custom role granting nothing yet: what the role routes change. */
async function newCustomRole(): Promise<string> {
  const name = `matrix-${nextStep()}`;
  const created = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/roles`, {
    as: owner,
    body: { name, permissions: [] },
  });
  expect(created.statusCode, created.body).toBe(201);
  return name;
}

/** A seat decrease set for the renewal: what Cancel scheduled change undoes. */
async function scheduleSeatDecrease(): Promise<string> {
  await setCancelAtPeriodEnd(false);
  const decreased = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/subscription/seats`, {
    as: owner,
    body: { seats: 300 },
  });
  expect(decreased.statusCode, decreased.body).toBe(200);
  return '';
}

async function newApiKey(): Promise<string> {
  const key = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/api-keys`, {
    as: owner,
    body: { name: 'to revoke' },
  });
  return key.json().id;
}

let sharedEndpoint: string | undefined;
let endpointToDelete: string | undefined;

async function addEndpoint(): Promise<string> {
  const added = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/webhook-endpoints`, {
    as: owner,
    body: { url: `https://93.184.215.14/matrix/${nextStep()}` },
  });
  expect(added.statusCode, added.body).toBe(201);
  return added.json().id;
}

/** One endpoint the rows share (a workspace has at most 16). */
async function matrixEndpoint(): Promise<string> {
  sharedEndpoint ??= await addEndpoint();
  return sharedEndpoint;
}

/** An endpoint to delete: the last one, unless a call deleted it. */
async function deletableEndpoint(): Promise<string> {
  const live =
    endpointToDelete &&
    (await billfold.deps.db
      .selectFrom('webhook_endpoint')
      .select('id')
      .where('id', '=', endpointToDelete)
      .where('deleted_at', 'is', null)
      .executeTakeFirst());
  if (!live) endpointToDelete = await addEndpoint();
  return endpointToDelete as string;
}

/** A delivery of the shared endpoint (its test event), as the replay path names it. */
async function matrixDelivery(): Promise<string> {
  const endpoint = await matrixEndpoint();
  const tested = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/webhook-endpoints/${endpoint}/test`, {
    as: owner,
  });
  expect(tested.statusCode, tested.body).toBe(201);
  return `${endpoint}/deliveries/${tested.json().id}`;
}

async function newMember(role: string): Promise<string> {
  const user = await signUp(billfold, 'target');
  await addMember(billfold, workspace, owner, user, role);
  return memberIdOf(billfold, owner, workspace, user);
}

/** Everything in the workspace a call could change. */
async function workspaceSnapshot() {
  const db = billfold.deps.db;
  const id = workspace.id;
  return {
    members: await db
      .selectFrom('member')
      .select(['id', 'role'])
      .where('organizationId', '=', id)
      .orderBy('id')
      .execute(),
    invites: await db
      .selectFrom('invitation')
      .select(['id', 'status'])
      .where('organizationId', '=', id)
      .orderBy('id')
      .execute(),
    roles: await db
      .selectFrom('organizationRole')
      .select(['role', 'permission'])
      .where('organizationId', '=', id)
      .orderBy('role')
      .execute(),
    apiKeys: await db
      .selectFrom('api_key')
      .select(['id', 'scopes', 'revoked_at'])
      .where('workspace_id', '=', id)
      .orderBy('id')
      .execute(),
    paymentMethods: await db
      .selectFrom('payment_method')
      .select(['id', 'removed_at'])
      .where('workspace_id', '=', id)
      .orderBy('id')
      .execute(),
    defaultPaymentMethod: await db
      .selectFrom('workspace_billing')
      .select('default_payment_method_id')
      .where('workspace_id', '=', id)
      .executeTakeFirst(),
    billingDetails: await db.selectFrom('billing_details').selectAll().where('workspace_id', '=', id).execute(),
    invoices: await db
      .selectFrom('invoice')
      .select(['id', 'status', 'number'])
      .where('workspace_id', '=', id)
      .orderBy('id')
      .execute(),
    subscriptions: await db
      .selectFrom('subscription')
      .select(['id', 'status', 'seats', 'cancel_at_period_end', 'scheduled_change'])
      .where('workspace_id', '=', id)
      .orderBy('id')
      .execute(),
    testClock: await db.selectFrom('test_clock').select(['id', 'frozen_time']).where('workspace_id', '=', id).execute(),
    credits: await db
      .selectFrom('credit_account')
      .select(['balance', 'auto_top_up_enabled', 'auto_top_up_threshold'])
      .where('workspace_id', '=', id)
      .execute(),
    creditLedger: await db.selectFrom('credit_transaction').select('id').where('workspace_id', '=', id).execute(),
    creditNotes: await db.selectFrom('credit_note').select('id').where('workspace_id', '=', id).orderBy('id').execute(),
    webhookEndpoints: await db
      .selectFrom('webhook_endpoint')
      .select(['id', 'url', 'description', 'event_types', 'enabled', 'secret_sealed', 'deleted_at'])
      .where('workspace_id', '=', id)
      .orderBy('id')
      .execute(),
    webhookDeliveries: await db
      .selectFrom('webhook_delivery')
      .select(['id', 'status'])
      .where('workspace_id', '=', id)
      .orderBy('id')
      .execute(),
  };
}

beforeAll(async () => {
  billfold = await startTestBillfold();
  visibleToMembers = await billfold.withSettings({ BILLFOLD_BILLING_VISIBLE_TO_MEMBERS: 'true' });
  owner = await signUp(billfold, 'owner');
  workspace = await createWorkspaceAs(billfold, owner, 'Matrix');
  // Free allows 3 users; give this workspace room for the cast and every member the matrix adds.
  await setMaxUsers(billfold, workspace, 200);
  expect((await addCard(billfold, owner, workspace.id, testCards.succeeds)).statusCode).toBe(201);

  for (const [name, permissions] of [
    ['finance', ['billing']],
    ['people-ops', ['members']],
    ['observer', []],
  ] as const) {
    const created = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/roles`, {
      as: owner,
      body: { name, permissions },
    });
    expect(created.statusCode).toBe(201);
  }
  const cast: [CallerName, string][] = [
    ['admin', 'admin'],
    ['billing role', 'billing'],
    ['custom role with billing', 'finance'],
    ['custom role without billing', 'people-ops'],
    ['member', 'member'],
  ];
  for (const [callerName, role] of cast) {
    const user = await signUp(billfold, role);
    await addMember(billfold, workspace, owner, user, role);
    callers[callerName] = { app: () => billfold, as: user };
  }
  callers.owner = { app: () => billfold, as: owner };
  callers['member, billing visible to members'] = { app: () => visibleToMembers, as: callers.member.as };
  callers['signed out'] = { app: () => billfold, as: null };

  const createKey = async (as: SignedInUser, ws: { id: string }) => {
    const key = await call(billfold, 'POST', `/v1/workspaces/${ws.id}/api-keys`, { as, body: { name: 'k' } });
    expect(key.statusCode).toBe(201);
    return key.json() as { id: string; token: string };
  };
  callers['API key of this workspace'] = {
    app: () => billfold,
    as: { apiKey: (await createKey(owner, workspace)).token },
  };
  const revoked = await createKey(owner, workspace);
  await billfold.deps.db.updateTable('api_key').set({ revoked_at: new Date() }).where('id', '=', revoked.id).execute();
  callers['revoked API key of this workspace'] = { app: () => billfold, as: { apiKey: revoked.token } };

  outsider = await signUp(billfold, 'outsider');
  const otherWorkspace = await createWorkspaceAs(billfold, outsider, 'Elsewhere');
  callers['API key of another workspace'] = {
    app: () => billfold,
    as: { apiKey: (await createKey(outsider, otherWorkspace)).token },
  };
});
afterAll(() => billfold.close());

const errorCodeByStatus: Record<number, string> = {
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
};

describe.each(Object.entries(routes))('%s', (_label, route) => {
  it.each(callerNames)('answers %s as expected, and changes nothing when it refuses', async (callerName) => {
    const caller = callers[callerName];
    const target = route.prepare ? await route.prepare() : '';
    const before = await workspaceSnapshot();
    const response = await call(caller.app(), route.method, route.path(workspace.slug, target), {
      as: caller.as,
      body: route.body?.(target),
      ...(route.idempotencyKey ? { idempotencyKey: route.idempotencyKey() } : {}),
    });
    const expected = route.expected[callerName];
    expect(response.statusCode, response.body).toBe(expected);
    const after = await workspaceSnapshot();
    if (expected >= 400) {
      expect(response.json().error.code).toBe(errorCodeByStatus[expected]);
      expect(after).toEqual(before);
    } else if (route.method !== 'GET') {
      expect(after).not.toEqual(before);
    }
  });

  it('answers 404 to a signed-in user of another workspace, by id and by slug, and changes nothing', async () => {
    for (const ref of [workspace.id, workspace.slug]) {
      const target = route.prepare ? await route.prepare() : '';
      const before = await workspaceSnapshot();
      const response = await call(billfold, route.method, route.path(ref, target), {
        as: outsider,
        body: route.body?.(target),
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
      // The answer does not reveal that the workspace exists.
      expect(response.json().error.message).toBe(`No workspace ${ref} is visible to you.`);
      expect(await workspaceSnapshot()).toEqual(before);
    }
  });
});

describe('the billing summary tells each caller what they may do', () => {
  it.each<[CallerName, { view: boolean; manage: boolean }]>([
    ['owner', { view: true, manage: true }],
    ['billing role', { view: true, manage: true }],
    ['custom role with billing', { view: true, manage: true }],
    ['member, billing visible to members', { view: true, manage: false }],
    ['API key of this workspace', { view: true, manage: true }],
  ])('%s', async (callerName, permissions) => {
    const caller = callers[callerName];
    const response = await call(caller.app(), 'GET', `/v1/workspaces/${workspace.id}/billing`, { as: caller.as });
    expect(response.statusCode).toBe(200);
    expect(response.json().permissions).toEqual(permissions);
  });
});

describe('a workspace nobody outside it can see', () => {
  it('answers the same 404 for a workspace that exists and one that does not', async () => {
    const existing = await call(billfold, 'GET', `/v1/workspaces/${workspace.slug}/members`, { as: outsider });
    const missing = await call(billfold, 'GET', '/v1/workspaces/no-such-workspace/members', { as: outsider });
    expect(existing.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(Object.keys(existing.json().error).sort()).toEqual(Object.keys(missing.json().error).sort());
  });

  it('lists only the caller’s own workspaces', async () => {
    const listed = await call(billfold, 'GET', '/v1/workspaces', { as: outsider });
    expect(listed.json().data.map((w: { name: string }) => w.name)).toEqual(['Elsewhere']);
  });
});

describe('CSRF: cookie-authenticated changes must come from our own origin', () => {
  it.each([
    ['no Origin header', null],
    ['a foreign Origin', 'http://evil.example'],
    ['a look-alike Origin', 'http://localhost:3000.evil.example'],
  ])('refuses a cookie POST with %s and creates nothing', async (_label, origin) => {
    const slug = `csrf-${Math.random().toString(36).slice(2, 8)}`;
    const response = await call(billfold, 'POST', '/v1/workspaces', {
      as: owner,
      origin,
      body: { name: 'CSRF', slug },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({ type: 'permission', code: 'permission_denied' });
    expect(response.json().error.message).toContain('Origin');
    const found = await billfold.deps.db.selectFrom('organization').select('id').where('slug', '=', slug).execute();
    expect(found).toEqual([]);
  });

  it('refuses cookie PATCH and DELETE from a foreign Origin, and nothing changes', async () => {
    const target = await newMember('member');
    const before = await workspaceSnapshot();
    for (const method of ['PATCH', 'DELETE'] as const) {
      const response = await call(billfold, method, `/v1/workspaces/${workspace.id}/members/${target}`, {
        as: owner,
        origin: 'http://evil.example',
        body: method === 'PATCH' ? { role: 'admin' } : undefined,
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('permission_denied');
    }
    expect(await workspaceSnapshot()).toEqual(before);
  });

  it('lets cookie reads through without an Origin', async () => {
    const response = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/members`, { as: owner, origin: null });
    expect(response.statusCode).toBe(200);
  });

  it('needs no Origin from an API key', async () => {
    const email = freshEmail('keyed');
    const response = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invites`, {
      as: callers['API key of this workspace'].as,
      origin: null,
      body: { email },
    });
    expect(response.statusCode).toBe(201);
    const stored = await billfold.deps.db.selectFrom('invitation').select('email').where('email', '=', email).execute();
    expect(stored).toEqual([{ email }]);
  });
});
