// Renewals in batches: one run renews a batch of subscriptions whose cards answer differently, each with its own
// outcome (paid, or past due and dunning), and a run killed between claiming and charging, or between charging and
// recording, is finished by the next run and the recovery job, with each renewal charged exactly once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recoverPendingPayments } from '../../../src/billing/payments/recover-pending-payments.ts';
import type { PaymentGateway } from '../../../src/gateways/payment-gateway.ts';
import { runDueRenewals } from '../../../src/jobs/run-due-renewals.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';

/** The process dies around a charge: nothing after the failing call runs (a plain error, not "unreachable"). */
let killed: 'before_charge' | 'after_charge' | null = null;
const killable = (sandbox: PaymentGateway): PaymentGateway => ({
  ...sandbox,
  name: sandbox.name,
  async charge(request) {
    if (killed === 'before_charge') throw new Error('killed before the charge left');
    const charge = await sandbox.charge(request);
    if (killed === 'after_charge') throw new Error('killed after the gateway charged');
    return charge;
  },
});

let billfold: TestBillfold;
let owner: SignedInUser;

// A database each: the clock moves a month per test, which would renew (and dun) the other tests' workspaces too.
beforeEach(async () => {
  billfold = await startTestBillfold({}, { gateway: killable });
  owner = await signUp(billfold, 'owner');
});
afterEach(async () => {
  killed = null;
  await billfold.close();
});

/** A Team workspace (2 seats, $24.00 a month) subscribed with a good card, then renewing on `renewalCard`. */
async function teamWorkspace(name: string, renewalCard: string): Promise<string> {
  const ws = (await createWorkspaceAs(billfold, owner, name)).id;
  expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
  const subscribed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
    as: owner,
    body: { plan: 'team', seats: 2 },
  });
  expect(subscribed.statusCode).toBe(200);
  if (renewalCard !== testCards.succeeds) {
    expect((await addCard(billfold, owner, ws, renewalCard, true)).statusCode).toBe(201);
  }
  return ws;
}

async function summary(ws: string) {
  return (await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner })).json();
}

async function invoices(ws: string) {
  return (await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner })).json().data as {
    id: string;
    number: string;
    status: string;
    total: number;
  }[];
}

/** The amounts the gateway charged the workspace, by invoice. */
async function chargesByInvoice(ws: string): Promise<Record<string, number[]>> {
  const rows = await billfold.deps.db
    .selectFrom('sandbox_charge')
    .innerJoin('payment_attempt', 'payment_attempt.id', 'sandbox_charge.idempotency_key')
    .select(['payment_attempt.invoice_id', 'sandbox_charge.amount'])
    .where('payment_attempt.workspace_id', '=', ws)
    .execute();
  const charges: Record<string, number[]> = {};
  for (const row of rows) charges[row.invoice_id] = [...(charges[row.invoice_id] ?? []), Number(row.amount)];
  return charges;
}

/** The event types written for the workspace since `after`, in order. */
async function eventsSince(ws: string, after: Date): Promise<string[]> {
  const rows = await billfold.deps.db
    .selectFrom('outbox_event')
    .select('type')
    .where('workspace_id', '=', ws)
    .where('created_at', '>', after)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.type);
}

/** Every subscription set up so far is due: each period is at most 31 days long. */
function pastEveryPeriodEnd() {
  billfold.clock.advance({ hours: 24 * 32 });
}

describe('a batch of renewals whose cards answer differently', () => {
  it('pays the good cards, and puts each declined or unconfirmed one past due with its own dunning', async () => {
    const cards = [
      testCards.succeeds,
      testCards.chargesFail,
      testCards.succeeds,
      testCards.requiresAuthentication,
      testCards.succeeds,
      testCards.chargesFail,
    ];
    const workspaces = [];
    for (const [i, card] of cards.entries()) workspaces.push(await teamWorkspace(`Batch ${i}`, card));
    const subscribedAt = new Date(billfold.clock.now().epochMilliseconds);
    pastEveryPeriodEnd();

    expect(await runDueRenewals(billfold.deps)).toEqual({ renewed: 6, retried: 0 });

    const numbers: string[] = [];
    for (const [i, ws] of workspaces.entries()) {
      const after = await summary(ws);
      const [renewal, first] = await invoices(ws);
      numbers.push(renewal?.number ?? '');
      // 2 seats × $12.00 = $24.00, for the new period as for the first.
      expect(renewal).toMatchObject({ total: 2400 });
      expect(first).toMatchObject({ status: 'paid', total: 2400 });
      // Each renewal invoice was charged once, and the first invoice once.
      expect(Object.values(await chargesByInvoice(ws)).sort()).toEqual([[2400], [2400]]);
      const events = await eventsSince(ws, subscribedAt);
      if (cards[i] === testCards.succeeds) {
        expect(after.subscription.status).toBe('active');
        expect(renewal?.status).toBe('paid');
        expect(events).toEqual(['subscription.updated', 'invoice.finalized', 'invoice.paid']);
      } else if (cards[i] === testCards.chargesFail) {
        expect(after.subscription).toMatchObject({ status: 'past_due', pastDue: { reason: 'payment_failed' } });
        expect(after.subscription.pastDue.nextRetryAt).not.toBeNull();
        expect(renewal?.status).toBe('open');
        expect(events).toEqual([
          'subscription.updated',
          'invoice.finalized',
          'invoice.payment_failed',
          'subscription.updated',
        ]);
      } else {
        expect(after.subscription).toMatchObject({ status: 'past_due', pastDue: { reason: 'action_required' } });
        expect(renewal?.status).toBe('open');
        expect(events).toEqual([
          'subscription.updated',
          'invoice.finalized',
          'invoice.payment_action_required',
          'subscription.updated',
        ]);
      }
    }
    // The batch's invoices are numbered one after another, without gaps.
    const sequence = numbers.map((number) => Number(number.split('-')[1])).sort((a, b) => a - b);
    expect(sequence).toEqual(sequence.map((_, i) => (sequence[0] ?? 0) + i));
    // Nothing is due any more.
    expect(await runDueRenewals(billfold.deps)).toEqual({ renewed: 0, retried: 0 });
  });
});

describe('a renewal run killed in the middle', () => {
  for (const moment of ['before_charge', 'after_charge'] as const) {
    it(`${moment === 'before_charge' ? 'between claiming and charging' : 'between charging and recording'}: the next runs finish it, each renewal charged once`, async () => {
      const workspaces = [];
      for (let i = 0; i < 4; i++) workspaces.push(await teamWorkspace(`Killed ${moment} ${i}`, testCards.succeeds));
      pastEveryPeriodEnd();

      killed = moment;
      await expect(runDueRenewals(billfold.deps)).rejects.toThrow(/killed/);
      killed = null;
      for (const ws of workspaces) {
        // The renewal was claimed and invoiced: its invoice waits for its payment.
        expect((await invoices(ws))[0]).toMatchObject({ status: 'open', total: 2400 });
        const charged = Object.values(await chargesByInvoice(ws));
        expect(charged).toHaveLength(moment === 'before_charge' ? 1 : 2);
      }

      // Restarted: nothing is claimed twice; once the grace period is over the pending payments are settled.
      expect(await runDueRenewals(billfold.deps)).toEqual({ renewed: 0, retried: 0 });
      billfold.clock.advance({ minutes: 3 });
      expect((await recoverPendingPayments(billfold.deps)).settled).toBe(4);
      for (const ws of workspaces) {
        expect((await invoices(ws)).map((invoice) => invoice.status)).toEqual(['paid', 'paid']);
        expect((await summary(ws)).subscription.status).toBe('active');
        expect(Object.values(await chargesByInvoice(ws)).sort()).toEqual([[2400], [2400]]);
      }
      expect((await recoverPendingPayments(billfold.deps)).settled).toBe(0);
    });
  }
});
