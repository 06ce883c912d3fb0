// How a payment reads a gateway that does not answer normally: "unavailable" (a returned retryable outcome or the
// port's GatewayUnavailableError) is 503 gateway_unavailable and leaves the attempt pending for the recovery job;
// any other exception is a bug: 500, never "try again later".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  pendingPaymentGracePeriod,
  recoverPendingPayments,
} from '../../../src/billing/payments/recover-pending-payments.ts';
import { GatewayUnavailableError, type PaymentGateway } from '../../../src/gateways/payment-gateway.ts';
import { addCard, draftInvoice, payInvoiceAs, testCards } from '../../support/billing-fixtures.ts';
import {
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';

/** How the wrapped sandbox answers charges and look-ups for now. */
let mode: 'answers' | 'returns_retryable' | 'throws_unavailable' | 'throws_bug' = 'answers';

function misbehaving(sandbox: PaymentGateway): PaymentGateway {
  const misbehave = <T>(call: () => Promise<T>) => {
    switch (mode) {
      case 'answers':
        return call();
      case 'returns_retryable':
        return Promise.resolve({ status: 'retryable', reason: 'the processor timed out' } as const);
      case 'throws_unavailable':
        return Promise.reject(new GatewayUnavailableError('connection refused'));
      case 'throws_bug':
        return Promise.reject(new TypeError("Cannot read properties of undefined (reading 'status')"));
    }
  };
  return {
    ...sandbox,
    charge: (request) => misbehave(() => sandbox.charge(request)),
    findCharge: (key) => misbehave(() => sandbox.findCharge(key)),
  };
}

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold({}, { gateway: misbehaving });
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => billfold.close());
beforeEach(() => {
  mode = 'answers';
});

async function openInvoice() {
  const workspace = await createWorkspaceAs(billfold, owner);
  expect((await addCard(billfold, owner, workspace.id, testCards.succeeds)).statusCode).toBe(201);
  return { workspaceId: workspace.id, invoiceId: await draftInvoice(billfold, workspace.id) };
}

async function attemptsOf(invoiceId: string) {
  return billfold.deps.db
    .selectFrom('payment_attempt')
    .select(['id', 'status'])
    .where('invoice_id', '=', invoiceId)
    .execute();
}

async function sandboxChargesOf(invoiceId: string) {
  const keys = (await attemptsOf(invoiceId)).map((attempt) => attempt.id);
  return keys.length
    ? billfold.deps.db.selectFrom('sandbox_charge').select('status').where('idempotency_key', 'in', keys).execute()
    : [];
}

function pastGracePeriod() {
  billfold.clock.advance(pendingPaymentGracePeriod);
  billfold.clock.advance({ seconds: 1 });
}

describe('a gateway that cannot be reached', () => {
  it.each(['returns_retryable', 'throws_unavailable'] as const)(
    '%s: 503 gateway_unavailable, the attempt stays pending and nothing is charged',
    async (how) => {
      const { workspaceId, invoiceId } = await openInvoice();
      mode = how;
      const response = await payInvoiceAs(billfold, owner, workspaceId, invoiceId);
      expect(response.statusCode).toBe(503);
      expect(response.json().error).toMatchObject({
        code: 'gateway_unavailable',
        message:
          'The card processor did not answer. The payment settles on its own once it does; nothing will be charged twice.',
      });
      expect((await attemptsOf(invoiceId)).map((attempt) => attempt.status)).toEqual(['pending']);
      expect(await sandboxChargesOf(invoiceId)).toEqual([]);
    },
  );

  it('the recovery job leaves the attempt pending while the gateway stays unreachable, then settles it once', async () => {
    const { workspaceId, invoiceId } = await openInvoice();
    mode = 'throws_unavailable';
    expect((await payInvoiceAs(billfold, owner, workspaceId, invoiceId)).statusCode).toBe(503);
    pastGracePeriod();
    expect(await recoverPendingPayments(billfold.deps)).toEqual({ settled: 0 });
    mode = 'returns_retryable';
    expect(await recoverPendingPayments(billfold.deps)).toEqual({ settled: 0 });
    expect((await attemptsOf(invoiceId)).map((attempt) => attempt.status)).toEqual(['pending']);
    mode = 'answers';
    // (With the attempts the tests above left pending.)
    expect((await recoverPendingPayments(billfold.deps)).settled).toBeGreaterThanOrEqual(1);
    expect((await attemptsOf(invoiceId)).map((attempt) => attempt.status)).toEqual(['succeeded']);
    expect(await sandboxChargesOf(invoiceId)).toEqual([{ status: 'succeeded' }]);
  });
});

describe('a gateway that fails with any other error', () => {
  it('is a 500 (a bug), not a 503: the caller is not told to wait for a payment that may never settle', async () => {
    const { workspaceId, invoiceId } = await openInvoice();
    mode = 'throws_bug';
    const response = await payInvoiceAs(billfold, owner, workspaceId, invoiceId);
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('internal');
    // Step 1 committed: the attempt is pending, and the recovery job settles it once the bug is gone.
    expect((await attemptsOf(invoiceId)).map((attempt) => attempt.status)).toEqual(['pending']);
    pastGracePeriod();
    await expect(recoverPendingPayments(billfold.deps)).rejects.toThrow(TypeError);
    mode = 'answers';
    expect((await recoverPendingPayments(billfold.deps)).settled).toBeGreaterThanOrEqual(1);
    expect((await attemptsOf(invoiceId)).map((attempt) => attempt.status)).toEqual(['succeeded']);
  });
});
