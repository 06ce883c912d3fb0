// The sandbox behind the PaymentGateway port: each of the processor's charge records becomes exactly one outcome
// of the union, carrying only the facts that outcome has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentGateway } from '../../../src/gateways/payment-gateway.ts';
import {
  chargeOutcomeOf,
  type SandboxCharge,
  sandboxGateway,
  tokenizeCard,
} from '../../../src/gateways/sandbox/sandbox-gateway.ts';
import { testCardExpYear, testCards } from '../../support/billing-fixtures.ts';
import { startTestBillfold, type TestBillfold } from '../../support/test-billfold.ts';

const record = (overrides: Partial<SandboxCharge>): SandboxCharge => ({
  ref: 'ch_1',
  idempotencyKey: 'pay_1',
  status: 'succeeded',
  amount: 1000,
  currency: 'usd',
  decline: null,
  nextActionUrl: null,
  ...overrides,
});

describe('a sandbox charge record as an outcome', () => {
  it('succeeded: the ref only', () => {
    expect(chargeOutcomeOf(record({}))).toEqual({ status: 'succeeded', ref: 'ch_1' });
  });

  it('failed: declined with its code and message', () => {
    const decline = { code: 'insufficient_funds', message: 'Your card has insufficient funds.' };
    expect(chargeOutcomeOf(record({ status: 'failed', decline }))).toEqual({
      status: 'declined',
      ref: 'ch_1',
      ...decline,
    });
    expect(chargeOutcomeOf(record({ status: 'failed' }))).toEqual({
      status: 'declined',
      ref: 'ch_1',
      code: 'card_declined',
      message: 'The charge failed.',
    });
  });

  it('requires_action: where the cardholder confirms; one without that URL is a bug', () => {
    const nextActionUrl = 'http://localhost:3000/sandbox/v1/charges/ch_1/confirm';
    expect(chargeOutcomeOf(record({ status: 'requires_action', nextActionUrl }))).toEqual({
      status: 'requires_action',
      ref: 'ch_1',
      nextActionUrl,
    });
    expect(() => chargeOutcomeOf(record({ status: 'requires_action' }))).toThrow(/no URL/);
  });
});

describe('the sandbox adapter', () => {
  let billfold: TestBillfold;
  let gateway: PaymentGateway;
  let counter = 0;

  beforeAll(async () => {
    billfold = await startTestBillfold();
    gateway = sandboxGateway(billfold.deps);
  });
  afterAll(async () => billfold.close());

  async function cardRef(number: string) {
    const token = await tokenizeCard(billfold.deps, { number, expMonth: 12, expYear: testCardExpYear, cvc: '123' });
    if (!token.ok) throw new Error(token.problem.message);
    const attached = await gateway.attach(token.token.id);
    if (!attached.ok) throw new Error(attached.decline.message);
    return attached.card.gatewayRef;
  }

  const charge = async (number: string) => {
    const idempotencyKey = `pay_adapter_${++counter}`;
    const outcome = await gateway.charge({
      idempotencyKey,
      gatewayRef: await cardRef(number),
      amount: 1200,
      currency: 'usd',
      description: 'Invoice BF-000001',
    });
    return { idempotencyKey, outcome };
  };

  it('charges, declines and asks for authentication as outcomes, and finds them again by key', async () => {
    const good = await charge(testCards.succeeds);
    expect(good.outcome).toEqual({ status: 'succeeded', ref: expect.stringMatching(/^ch_/) });
    expect(await gateway.findCharge(good.idempotencyKey)).toEqual(good.outcome);

    const failing = await charge(testCards.chargesFail);
    expect(failing.outcome).toEqual({
      status: 'declined',
      ref: expect.stringMatching(/^ch_/),
      code: 'card_declined',
      message: 'Your card was declined.',
    });

    const secure = await charge(testCards.requiresAuthentication);
    if (secure.outcome.status !== 'requires_action')
      throw new Error(`expected requires_action: ${secure.outcome.status}`);
    expect(secure.outcome.nextActionUrl).toBe(
      `${billfold.deps.baseUrl}/sandbox/v1/charges/${secure.outcome.ref}/confirm`,
    );
    expect(await gateway.cancelCharge(secure.idempotencyKey)).toEqual({
      status: 'declined',
      ref: secure.outcome.ref,
      code: 'payment_canceled',
      message: 'The payment was not confirmed in time and was canceled.',
    });
  });

  it('a key it never received is null, not an outcome', async () => {
    expect(await gateway.findCharge('pay_never_sent')).toBeNull();
    expect(await gateway.cancelCharge('pay_never_sent')).toBeNull();
  });
});
