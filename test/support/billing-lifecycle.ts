// One Team subscription's whole life on a test clock, driven through the API by an owner and a billing manager,
// for the tests that read what it left behind (the activity log, the events): subscribe (3 seats, Mar 1 2027) →
// seats to 5 → cancel → resume → renewal Apr 1 (paid) → a card whose charges fail → renewal May 1 fails → past
// due → retries on days 1, 3, 5, 7 fail → back to Free. Snapshots of what GET answered along the way are kept.
import { expect } from 'vitest';
import { addCard, testCards, workspaceOnTestClock } from './billing-fixtures.ts';
import { addMember, call, type SignedInUser, signUp, type TestBillfold } from './test-billfold.ts';

export interface LifecycleRun {
  ws: string;
  owner: SignedInUser;
  /** Has the built-in Billing role: changes the seats and resumes. */
  manager: SignedInUser;
  /** A plain member: no billing. */
  member: SignedInUser;
  /** What GET answered right after each step. */
  seen: {
    /** GET …/billing's subscription right after the seats went from 3 to 5. */
    subscriptionAfterSeats: Record<string, unknown>;
    /** GET …/invoices/:inv of the first (subscription) invoice, right after subscribing. */
    firstInvoice: Record<string, unknown>;
    /** GET …/invoices/:inv of the May renewal invoice right after its charge failed. */
    failedRenewalInvoice: Record<string, unknown>;
  };
}

export async function runBillingLifecycle(billfold: TestBillfold): Promise<LifecycleRun> {
  const owner = await signUp(billfold, 'owner');
  const manager = await signUp(billfold, 'manager');
  const member = await signUp(billfold, 'member');
  const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z', { name: 'Lifecycle Ltd' });
  await addMember(billfold, { id: ws }, owner, manager, 'billing');
  await addMember(billfold, { id: ws }, owner, member, 'member');

  const ok = async (
    as: SignedInUser,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> => {
    const response = await call(billfold, method, `/v1/workspaces/${ws}${url}`, {
      as,
      ...(body === undefined ? {} : { body }),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  const advance = async (to: string) => {
    const { steps } = (await ok(owner, 'POST', '/test-clock/advance', { to })) as { steps: { result: string }[] };
    return steps.map((s) => s.result);
  };

  const subscribed = await ok(owner, 'POST', '/subscription', { plan: 'team', interval: 'month', seats: 3 });
  const firstInvoiceId = (subscribed.invoice as { id: string }).id;
  const firstInvoice = await ok(owner, 'GET', `/invoices/${firstInvoiceId}`);

  await advance('2027-03-16T12:00:00Z');
  await ok(manager, 'POST', '/subscription/seats', { seats: 5 });
  const subscriptionAfterSeats = (await ok(owner, 'GET', '/billing')).subscription as Record<string, unknown>;

  await ok(owner, 'POST', '/subscription/cancel');
  await ok(manager, 'POST', '/subscription/resume');
  expect(await advance('2027-04-10T00:00:00Z')).toEqual(['paid']);

  expect((await addCard(billfold, owner, ws, testCards.chargesFail, true)).statusCode).toBe(201);
  expect(await advance('2027-05-01T12:00:00Z')).toEqual(['failed']);
  const pastDue = (await ok(owner, 'GET', '/billing')).subscription as { pastDue: { invoiceId: string } };
  const failedRenewalInvoice = await ok(owner, 'GET', `/invoices/${pastDue.pastDue.invoiceId}`);

  expect(await advance('2027-05-20T00:00:00Z')).toEqual(['failed', 'failed', 'failed', 'failed']);
  expect(((await ok(owner, 'GET', '/billing')).plan as { id: string }).id).toBe('free');

  return { ws, owner, manager, member, seen: { subscriptionAfterSeats, firstInvoice, failedRenewalInvoice } };
}
