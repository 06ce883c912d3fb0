// A real `billfold jobs run` killed (SIGKILL) in the middle of a batch of renewals: its gateway held to 2 charges a
// second, it is killed once a few charges went out, so some renewals were charged and not recorded, the others
// claimed and not charged. Restarted, nothing is renewed twice, and the recovery job charges each renewal exactly
// once. Two processes share the database: Postgres only.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverPendingPayments } from '../../../src/billing/payments/recover-pending-payments.ts';
import { runDueRenewals } from '../../../src/jobs/run-due-renewals.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import { startCli } from '../../support/run-cli.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);
let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  if (!onPostgres) return;
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => {
  await billfold?.close();
});

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function renewalCharges(): Promise<number> {
  const row = await billfold.deps.db
    .selectFrom('sandbox_charge')
    .innerJoin('payment_attempt', 'payment_attempt.id', 'sandbox_charge.idempotency_key')
    .innerJoin('invoice', 'invoice.id', 'payment_attempt.invoice_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('invoice.billing_reason', '=', 'subscription_cycle')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.skipIf(!onPostgres)('a renewal process killed mid-batch', () => {
  it('is finished after the restart, each renewal charged exactly once', async () => {
    const workspaces: string[] = [];
    for (let i = 0; i < 10; i++) {
      const ws = (await createWorkspaceAs(billfold, owner, `Killed Renewal ${i}`)).id;
      expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
      const subscribed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
        as: owner,
        body: { plan: 'team', seats: 2 },
      });
      expect(subscribed.statusCode).toBe(200);
      workspaces.push(ws);
    }
    // The child runs on real time: these periods ended a day ago by it.
    await sql`update subscription set anchor = anchor - interval '1 month 1 day',
        current_period_start = current_period_start - interval '1 month 1 day',
        current_period_end = current_period_end - interval '1 month 1 day'
      where workspace_id in (${sql.join(workspaces)})`.execute(billfold.deps.db);

    const child = startCli(['jobs', 'run'], {
      DATABASE_URL: billfold.database.databaseUrl ?? '',
      BILLFOLD_BASE_URL: 'http://localhost:3000',
      BILLFOLD_SECRET: 'test-secret-test-secret-test-secret-0123',
      BILLFOLD_LOG_LEVEL: 'silent',
      BILLFOLD_GATEWAY_CHARGES_PER_SECOND: '2',
    });
    try {
      await waitFor(async () => (await renewalCharges()) >= 2, 'the child to charge two renewals', 60_000);
    } catch (error) {
      throw new Error(`${String(error)}; the child said: ${child.output()}`);
    } finally {
      child.child.kill('SIGKILL');
    }
    await child.exited;
    const chargedBeforeKill = await renewalCharges();
    expect(chargedBeforeKill).toBeLessThan(10);
    const pending = await billfold.deps.db
      .selectFrom('payment_attempt')
      .select('id')
      .where('status', '=', 'pending')
      .where('workspace_id', 'in', workspaces)
      .execute();
    // The batch was claimed and invoiced whole; none of its outcomes was recorded.
    expect(pending).toHaveLength(10);

    // Restarted: every period was renewed once already; the recovery job settles what the child left.
    expect((await runDueRenewals(billfold.deps)).renewed).toBe(0);
    billfold.clock.advance({ minutes: 3 });
    expect((await recoverPendingPayments(billfold.deps)).settled).toBe(10);
    expect(await renewalCharges()).toBe(10);
    for (const ws of workspaces) {
      const invoices = (await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner })).json().data;
      expect(invoices.map((invoice: { status: string }) => invoice.status)).toEqual(['paid', 'paid']);
      const summary = (await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner })).json();
      expect(summary.subscription.status).toBe('active');
    }
    const perInvoice = await billfold.deps.db
      .selectFrom('sandbox_charge')
      .innerJoin('payment_attempt', 'payment_attempt.id', 'sandbox_charge.idempotency_key')
      .select(['payment_attempt.invoice_id', (eb) => eb.fn.countAll<number>().as('charges')])
      .where('payment_attempt.workspace_id', 'in', workspaces)
      .groupBy('payment_attempt.invoice_id')
      .execute();
    // 10 first invoices and 10 renewal invoices, each charged once.
    expect(perInvoice).toHaveLength(20);
    expect(new Set(perInvoice.map((row) => Number(row.charges)))).toEqual(new Set([1]));
  }, 120_000);
});
