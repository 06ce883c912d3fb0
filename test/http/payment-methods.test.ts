// Payment methods through the API: saving cards from tokens, declines that save nothing, the default card,
// removal rules, and who may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, testCardExpYear, testCards, tokenize } from '../support/billing-fixtures.ts';
import {
  addMember,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => billfold.close());

const methodsOf = async (workspaceId: string, as: SignedInUser = owner) =>
  (await call(billfold, 'GET', `/v1/workspaces/${workspaceId}/payment-methods`, { as })).json().data as {
    id: string;
    brand: string;
    last4: string;
    isDefault: boolean;
  }[];
const summaryCard = async (workspaceId: string) =>
  (await call(billfold, 'GET', `/v1/workspaces/${workspaceId}/billing`, { as: owner })).json().paymentMethod;

describe('saving a card', () => {
  it('the first card becomes the default and shows on the billing summary', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    expect(await summaryCard(workspace.id)).toBeNull();
    const saved = await addCard(billfold, owner, workspace.id, testCards.succeeds);
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: testCardExpYear,
      isDefault: true,
    });
    expect(saved.json().id).toMatch(/^pm_/);
    expect(await summaryCard(workspace.id)).toEqual({
      id: saved.json().id,
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: testCardExpYear,
    });
  });

  it.each([
    [testCards.declined, 'Your card was declined.'],
    [testCards.insufficientFunds, 'Your card has insufficient funds.'],
  ])('card %s is refused with the gateway reason and nothing is saved', async (number, message) => {
    const workspace = await createWorkspaceAs(billfold, owner);
    await addCard(billfold, owner, workspace.id, testCards.succeeds);
    const refused = await addCard(billfold, owner, workspace.id, number, true);
    expect(refused.statusCode).toBe(402);
    expect(refused.json().error).toEqual({ type: 'payment', code: 'payment_failed', message, param: 'token' });
    expect((await methodsOf(workspace.id)).map((m) => m.last4)).toEqual(['4242']);
    expect((await summaryCard(workspace.id)).last4).toBe('4242');
  });

  it('a token works once', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const token = await tokenize(billfold, testCards.succeeds);
    const url = `/v1/workspaces/${workspace.id}/payment-methods`;
    expect((await call(billfold, 'POST', url, { as: owner, body: { token } })).statusCode).toBe(201);
    const reused = await call(billfold, 'POST', url, { as: owner, body: { token } });
    expect(reused.statusCode).toBe(402);
    expect(reused.json().error.message).toBe('This card token was already used.');
    const unknown = await call(billfold, 'POST', url, { as: owner, body: { token: 'tok_nothing' } });
    expect(unknown.statusCode).toBe(402);
    expect(await methodsOf(workspace.id)).toHaveLength(1);
  });

  it('a missing token is a 400 naming the field', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const response = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/payment-methods`, {
      as: owner,
      body: {},
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.param).toBe('token');
  });

  it('a replay with the same Idempotency-Key returns the first card and saves no other', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const token = await tokenize(billfold, testCards.succeeds);
    const send = () =>
      call(billfold, 'POST', `/v1/workspaces/${workspace.id}/payment-methods`, {
        as: owner,
        body: { token },
        idempotencyKey: 'add-card-1',
      });
    const first = await send();
    const replay = await send();
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(first.json().id);
    expect(await methodsOf(workspace.id)).toHaveLength(1);
  });
});

describe('the default card and removal', () => {
  it('makes another card the default, then removes the old one', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const visa = (await addCard(billfold, owner, workspace.id, testCards.succeeds)).json();
    const mastercard = (await addCard(billfold, owner, workspace.id, testCards.mastercard)).json();
    expect(mastercard.isDefault).toBe(false);

    const base = `/v1/workspaces/${workspace.id}/payment-methods`;
    const refused = await call(billfold, 'DELETE', `${base}/${visa.id}`, { as: owner });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('payment_method_in_use');
    expect(refused.json().error.message).toMatch(/Make another card the default/);

    const made = await call(billfold, 'POST', `${base}/${mastercard.id}/default`, { as: owner });
    expect(made.json()).toMatchObject({ id: mastercard.id, isDefault: true });
    expect((await summaryCard(workspace.id)).last4).toBe('4444');

    const removed = await call(billfold, 'DELETE', `${base}/${visa.id}`, { as: owner });
    expect(removed.statusCode).toBe(200);
    expect((await methodsOf(workspace.id)).map((m) => [m.last4, m.isDefault])).toEqual([['4444', true]]);
    expect((await call(billfold, 'DELETE', `${base}/${visa.id}`, { as: owner })).statusCode).toBe(404);
  });

  it('the only card of a free workspace can be removed', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const visa = (await addCard(billfold, owner, workspace.id, testCards.succeeds)).json();
    const removed = await call(billfold, 'DELETE', `/v1/workspaces/${workspace.id}/payment-methods/${visa.id}`, {
      as: owner,
    });
    expect(removed.statusCode).toBe(200);
    expect(await summaryCard(workspace.id)).toBeNull();
  });

  it('the only card of a paid subscription cannot be removed', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const visa = (await addCard(billfold, owner, workspace.id, testCards.succeeds)).json();
    await billfold.deps.db
      .updateTable('workspace_billing')
      .set({ plan_id: 'team', max_users: 5 })
      .where('workspace_id', '=', workspace.id)
      .execute();
    const refused = await call(billfold, 'DELETE', `/v1/workspaces/${workspace.id}/payment-methods/${visa.id}`, {
      as: owner,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/pays your subscription/);
    expect(await summaryCard(workspace.id)).not.toBeNull();
  });
});

describe('who may see and change cards', () => {
  it('a plain member gets 403, an outsider 404, a billing manager can add cards', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const card = (await addCard(billfold, owner, workspace.id, testCards.succeeds)).json();
    const member = await signUp(billfold, 'member');
    const billingManager = await signUp(billfold, 'billing');
    const outsider = await signUp(billfold, 'outsider');
    await addMember(billfold, workspace, owner, member, 'member');
    await addMember(billfold, workspace, owner, billingManager, 'billing');
    const base = `/v1/workspaces/${workspace.id}/payment-methods`;

    expect((await call(billfold, 'GET', base, { as: member })).statusCode).toBe(403);
    expect((await addCard(billfold, member, workspace.id, testCards.mastercard)).statusCode).toBe(403);
    expect((await call(billfold, 'DELETE', `${base}/${card.id}`, { as: member })).statusCode).toBe(403);
    expect((await call(billfold, 'GET', base, { as: outsider })).statusCode).toBe(404);
    expect((await call(billfold, 'POST', `${base}/${card.id}/default`, { as: outsider })).statusCode).toBe(404);

    expect((await addCard(billfold, billingManager, workspace.id, testCards.mastercard)).statusCode).toBe(201);
    expect(await methodsOf(workspace.id, billingManager)).toHaveLength(2);
  });

  it("a card id of another workspace is not found, even for its owner's other workspace", async () => {
    const first = await createWorkspaceAs(billfold, owner);
    const second = await createWorkspaceAs(billfold, owner);
    const card = (await addCard(billfold, owner, first.id, testCards.succeeds)).json();
    const response = await call(billfold, 'DELETE', `/v1/workspaces/${second.id}/payment-methods/${card.id}`, {
      as: owner,
    });
    expect(response.statusCode).toBe(404);
    expect(await methodsOf(first.id)).toHaveLength(1);
  });
});
