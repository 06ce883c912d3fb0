// The one reading of the gateway's answers: each outcome maps to what the payment answers, what the invoice's
// settlement is told and what the attempt stores; an "unavailable" error is a retryable outcome (503), any other
// error from the gateway is rethrown (a bug: 500).
import { describe, expect, it } from 'vitest';
import {
  askGateway,
  declineOf,
  gatewayUnavailable,
  invoiceOutcomeOf,
  paymentResultOf,
  unreachable,
} from '../../../src/billing/payments/charge-outcome.ts';
import { type AnsweredCharge, attemptStatusOf } from '../../../src/billing/payments/payment-attempts.queries.ts';
import { BillingError } from '../../../src/domain/errors.ts';
import { GatewayUnavailableError } from '../../../src/gateways/payment-gateway.ts';

const succeeded: AnsweredCharge = { status: 'succeeded', ref: 'ch_1' };
const declined: AnsweredCharge = {
  status: 'declined',
  ref: 'ch_2',
  code: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
};
const requiresAction: AnsweredCharge = {
  status: 'requires_action',
  ref: 'ch_3',
  nextActionUrl: 'http://localhost:3000/sandbox/v1/charges/ch_3/confirm',
};

describe('an answered charge', () => {
  it.each([
    [succeeded, { status: 'paid' }, { status: 'paid' }, 'succeeded', null],
    [
      declined,
      { status: 'failed', message: 'Your card has insufficient funds.' },
      { status: 'failed', message: 'Your card has insufficient funds.' },
      'failed',
      { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    ],
    [
      requiresAction,
      { status: 'requires_action', nextActionUrl: 'http://localhost:3000/sandbox/v1/charges/ch_3/confirm' },
      { status: 'requires_action' },
      'requires_action',
      null,
    ],
  ] as const)(
    '%o maps to the payment result, the settlement, the stored status and the decline',
    (outcome, result, settlement, stored, decline) => {
      expect(paymentResultOf(outcome)).toEqual(result);
      expect(invoiceOutcomeOf(outcome)).toEqual(settlement);
      expect(attemptStatusOf(outcome)).toBe(stored);
      expect(declineOf(outcome)).toEqual(decline);
    },
  );

  it('an outcome outside the union is a bug, not a silent default', () => {
    const unknown = { status: 'refunded', ref: 'ch_4' } as unknown as never;
    expect(() => unreachable(unknown)).toThrow(/Unexpected charge outcome/);
    expect(() => paymentResultOf(unknown)).toThrow(/Unexpected charge outcome/);
    expect(() => invoiceOutcomeOf(unknown)).toThrow(/Unexpected charge outcome/);
  });
});

describe('asking the gateway', () => {
  it('passes an answer through, including "no such charge"', async () => {
    expect(await askGateway(async () => declined)).toBe(declined);
    expect(await askGateway(async () => null)).toBeNull();
    expect(await askGateway(async () => ({ status: 'retryable', reason: 'timed out' }) as const)).toEqual({
      status: 'retryable',
      reason: 'timed out',
    });
  });

  it('the port\'s "unavailable" error is a retryable outcome', async () => {
    const outcome = await askGateway(async () => {
      throw new GatewayUnavailableError('connection refused');
    });
    expect(outcome).toEqual({ status: 'retryable', reason: 'connection refused' });
  });

  it('any other error is rethrown unchanged: a bug, never "try again later"', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'ref')");
    await expect(
      askGateway(async () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
    await expect(
      askGateway(async () => {
        throw new Error('connection reset');
      }),
    ).rejects.toThrow('connection reset');
  });

  it('a retryable outcome is 503 gateway_unavailable with the message the page shows', () => {
    const error = gatewayUnavailable({ status: 'retryable', reason: 'timed out' });
    expect(error).toBeInstanceOf(BillingError);
    expect(error.code).toBe('gateway_unavailable');
    expect(error.message).toBe(
      'The card processor did not answer. The payment settles on its own once it does; nothing will be charged twice.',
    );
  });
});
