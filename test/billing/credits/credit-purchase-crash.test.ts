// Crashes around a credit purchase's charge: the purchase, its invoice and its pending attempt are written
// together, so the recovery job finishes an interrupted purchase — charged once, credits granted once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredits } from '../../../src/billing/credits/verify-credits.ts';
import { recoverPendingPayments } from '../../../src/billing/payments/recover-pending-payments.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import { crashingGateway } from '../../support/crashing-gateway.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';

const crashes = crashingGateway();

let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold({}, { gateway: crashes.wrap });
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => {
  await billfold.close();
});

async function flexWorkspace(): Promise<string> {
  const ws = (await createWorkspaceAs(billfold, owner, 'Crashy Credits')).id;
  expect((await addCard(billfold, owner, ws, testCards.succeeds, true)).statusCode).toBe(201);
  expect(
    (await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: { plan: 'flex' } }))
      .statusCode,
  ).toBe(200);
  return ws;
}

async function balance(ws: string): Promise<number> {
  return (await call(billfold, 'GET', `/v1/workspaces/${ws}/credits`, { as: owner })).json().balance;
}

async function gatewayCharges(ws: string): Promise<number[]> {
  const rows = await billfold.deps.db
    .selectFrom('sandbox_charge')
    .innerJoin('payment_attempt', 'payment_attempt.id', 'sandbox_charge.idempotency_key')
    .select('sandbox_charge.amount')
    .where('payment_attempt.workspace_id', '=', ws)
    .execute();
  return rows.map((r) => Number(r.amount));
}

describe('a crash in the middle of a credit purchase', () => {
  it.each(['after_charge', 'before_charge'] as const)(
    '%s: nothing is granted until the recovery job settles it, then 5,000 credits for one $45.00 charge',
    async (when) => {
      const ws = await flexWorkspace();
      crashes.crashNext({ when });
      const crashed = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
        as: owner,
        body: { pack: 'credits_5000' },
      });
      expect(crashed.statusCode, crashed.body).toBe(503);
      expect(await balance(ws)).toBe(0);
      expect(await gatewayCharges(ws)).toEqual(when === 'after_charge' ? [4500] : []);

      billfold.clock.advance({ minutes: 3 }); // past the recovery job's grace period
      expect((await recoverPendingPayments(billfold.deps)).settled).toBeGreaterThanOrEqual(1);
      expect(await balance(ws)).toBe(5_000);
      expect(await gatewayCharges(ws)).toEqual([4500]);
      // Running the job again grants nothing more.
      await recoverPendingPayments(billfold.deps);
      expect(await balance(ws)).toBe(5_000);
      const invoices = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
      expect(invoices.json().data).toEqual([expect.objectContaining({ total: 4500, status: 'paid' })]);
      expect((await verifyCredits(billfold.deps.db)).mismatches).toEqual([]);
    },
  );
});
