// The sandbox gateway against a real database: tokens, attaching test cards, charges once per idempotency key,
// authentication, expiry and refunds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmSandboxCharge,
  type SandboxProcessor,
  sandboxProcessor,
  tokenizeCard,
} from '../../../src/gateways/sandbox/sandbox-gateway.ts';
import { startTestBillfold, type TestBillfold } from '../../support/test-billfold.ts';

let billfold: TestBillfold;
// The processor's own records (status, decline, next action); test/gateways/sandbox/sandbox-adapter.test.ts checks
// how the adapter turns them into the port's outcomes.
let gateway: SandboxProcessor;

beforeAll(async () => {
  billfold = await startTestBillfold();
  gateway = sandboxProcessor(billfold.deps);
});
afterAll(async () => billfold.close());

const thisYear = () => billfold.clock.now().toZonedDateTimeISO('UTC').year;

async function tokenFor(
  number: string,
  expiry: { expMonth: number; expYear: number } = { expMonth: 12, expYear: thisYear() + 3 },
) {
  const result = await tokenizeCard(billfold.deps, { number, cvc: '123', ...expiry });
  if (!result.ok) throw new Error(result.problem.message);
  return result.token;
}

async function attached(number: string) {
  const result = await gateway.attach((await tokenFor(number)).id);
  if (!result.ok) throw new Error(result.decline.message);
  return result.card;
}

let keyCounter = 0;
const chargeOf = (gatewayRef: string, amount = 1000) => ({
  idempotencyKey: `pay_test_${++keyCounter}`,
  gatewayRef,
  amount,
  currency: 'usd',
  description: 'Invoice BF-000001',
});

describe('tokenizing', () => {
  it('hands back a single-use token with brand, last 4 and expiry only', async () => {
    const token = await tokenFor('4242 4242 4242 4242');
    expect(token.id).toMatch(/^tok_/);
    expect(token.card).toEqual({ brand: 'visa', last4: '4242', expMonth: 12, expYear: thisYear() + 3 });
  });

  it('stores nothing for a card it refuses', async () => {
    const count = async () => (await billfold.deps.db.selectFrom('sandbox_token').select('id').execute()).length;
    const before = await count();
    const result = await tokenizeCard(billfold.deps, {
      number: '4242424242424241',
      expMonth: 12,
      expYear: thisYear() + 1,
      cvc: '123',
    });
    expect(result).toEqual({ ok: false, problem: { field: 'number', message: 'Your card number is incorrect.' } });
    expect(await count()).toBe(before);
  });

  it('over HTTP: 201 without the number; a bad card is 400 naming the field', async () => {
    const post = (payload: Record<string, unknown>) =>
      billfold.app.inject({ method: 'POST', url: '/sandbox/v1/tokens', payload });
    const good = await post({ number: '5555 5555 5555 4444', expMonth: '7', expYear: '34', cvc: '123' });
    expect(good.statusCode).toBe(201);
    expect(good.json().card).toEqual({ brand: 'mastercard', last4: '4444', expMonth: 7, expYear: 2034 });
    expect(good.body).not.toContain('5555555555554444');
    const badCvc = await post({ number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '12' });
    expect(badCvc.statusCode).toBe(400);
    expect(badCvc.json().error).toMatchObject({ code: 'invalid_card', param: 'cvc' });
    const missing = await post({ number: '4242424242424242', expMonth: 12, cvc: '123' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.param).toBe('expYear');
  });
});

describe('attaching', () => {
  it.each([
    ['4000000000000002', 'card_declined', 'Your card was declined.'],
    ['4000000000009995', 'insufficient_funds', 'Your card has insufficient funds.'],
  ])('%s is declined when saved', async (number, code, message) => {
    const result = await gateway.attach((await tokenFor(number)).id);
    expect(result).toEqual({ ok: false, decline: { code, message } });
  });

  it('a token attaches once; an unknown one not at all', async () => {
    const token = await tokenFor('4242424242424242');
    expect((await gateway.attach(token.id)).ok).toBe(true);
    expect(await gateway.attach(token.id)).toMatchObject({ ok: false, decline: { code: 'token_already_used' } });
    expect(await gateway.attach('tok_unknown')).toMatchObject({ ok: false, decline: { code: 'invalid_token' } });
  });
});

describe('charging', () => {
  it('a good card is charged once per idempotency key, however often and concurrently the key is sent', async () => {
    const card = await attached('4242424242424242');
    const request = chargeOf(card.gatewayRef, 3600);
    const first = await gateway.charge(request);
    expect(first).toMatchObject({
      status: 'succeeded',
      amount: 3600,
      currency: 'usd',
      decline: null,
      nextActionUrl: null,
    });
    const again = await Promise.all(Array.from({ length: 20 }, () => gateway.charge(request)));
    expect(new Set(again.map((charge) => charge.ref))).toEqual(new Set([first.ref]));
    const rows = await billfold.deps.db
      .selectFrom('sandbox_charge')
      .select('id')
      .where('idempotency_key', '=', request.idempotencyKey)
      .execute();
    expect(rows).toHaveLength(1);
    expect(await gateway.findCharge(request.idempotencyKey)).toEqual(first);
  });

  it('a brand-new key sent 20 times at once still makes one charge', async () => {
    const card = await attached('4242424242424242');
    const request = chargeOf(card.gatewayRef);
    const charges = await Promise.all(Array.from({ length: 20 }, () => gateway.charge(request)));
    expect(new Set(charges.map((charge) => charge.ref)).size).toBe(1);
  });

  it('4000 0000 0000 0341 attaches but its charges fail', async () => {
    const card = await attached('4000000000000341');
    expect(await gateway.charge(chargeOf(card.gatewayRef))).toMatchObject({
      status: 'failed',
      decline: { code: 'card_declined', message: 'Your card was declined.' },
    });
  });

  it('4000 0027 6000 3184 asks for authentication, then succeeds once confirmed', async () => {
    const card = await attached('4000002760003184');
    const request = chargeOf(card.gatewayRef);
    const charge = await gateway.charge(request);
    expect(charge.status).toBe('requires_action');
    expect(charge.nextActionUrl).toBe(`${billfold.deps.baseUrl}/sandbox/v1/charges/${charge.ref}/confirm`);
    expect((await confirmSandboxCharge(billfold.deps, charge.ref))?.status).toBe('succeeded');
    expect(await gateway.findCharge(request.idempotencyKey)).toMatchObject({
      status: 'succeeded',
      nextActionUrl: null,
    });
    const unknown = await billfold.app.inject({ method: 'POST', url: '/sandbox/v1/charges/ch_unknown/confirm' });
    expect(unknown.statusCode).toBe(404);
  });

  it('a card past its expiry is refused', async () => {
    const year = thisYear();
    const result = await gateway.attach((await tokenFor('4242424242424242', { expMonth: 12, expYear: year })).id);
    if (!result.ok) throw new Error('expected the card to attach');
    billfold.clock.advance({ hours: 24 * 400 });
    expect(await gateway.charge(chargeOf(result.card.gatewayRef))).toMatchObject({
      status: 'failed',
      decline: { code: 'expired_card', message: 'Your card has expired.' },
    });
  });

  it('a key the gateway never saw is not found', async () => {
    expect(await gateway.findCharge('pay_never_sent')).toBeNull();
  });
});

describe('refunds', () => {
  it('refund part, then the rest; never more than was charged; each key refunds once', async () => {
    const card = await attached('4242424242424242');
    const charge = await gateway.charge(chargeOf(card.gatewayRef, 5000));
    const refunded = async () =>
      (
        await billfold.deps.db
          .selectFrom('sandbox_charge')
          .select('amount_refunded')
          .where('id', '=', charge.ref)
          .executeTakeFirstOrThrow()
      ).amount_refunded;
    const part = await gateway.refund({ idempotencyKey: 'refund-1', chargeRef: charge.ref, amount: 2000 });
    const replay = await gateway.refund({ idempotencyKey: 'refund-1', chargeRef: charge.ref, amount: 2000 });
    expect(replay.ref).toBe(part.ref);
    expect(await refunded()).toBe(2000);
    await expect(gateway.refund({ idempotencyKey: 'refund-2', chargeRef: charge.ref, amount: 3001 })).rejects.toThrow(
      /exceeds/,
    );
    await gateway.refund({ idempotencyKey: 'refund-3', chargeRef: charge.ref, amount: 3000 });
    expect(await refunded()).toBe(5000);
  });
});
