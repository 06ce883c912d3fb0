// Holes in dunning, told as stories on a test clock: a renewal on a card that needs 3-D Secure goes past due
// with "confirm the payment", is retried on days 1, 3, 5, 7 and ends on Free (or is paid by the cardholder's
// confirmation on the way); and an invoice written off as uncollectible cannot be paid from the page afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, testCards } from '../support/billing-fixtures.ts';
import {
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
afterAll(async () => {
  await billfold.close();
});

/** Team monthly, 2 seats, from Mar 1 2027 on `card`: 2 × $12.00 = $24.00, confirmed with the bank when asked. */
async function teamOn(card: string): Promise<string> {
  const ws = (await createWorkspaceAs(billfold, owner, 'Dunning Ltd')).id;
  expect((await addCard(billfold, owner, ws, card)).statusCode).toBe(201);
  const clock = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock`, {
    as: owner,
    body: { frozenTime: '2027-03-01T00:00:00Z' },
  });
  expect(clock.statusCode, clock.body).toBe(201);
  const subscribed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
    as: owner,
    body: { plan: 'team', interval: 'month', seats: 2 },
  });
  expect(subscribed.statusCode, subscribed.body).toBe(200);
  const { invoice } = subscribed.json();
  expect(invoice.total).toBe(2400); // 2 seats × $12.00
  if (invoice.payment?.status === 'requires_action') {
    expect((await confirmAtBank(invoice.payment.nextActionUrl)).status).toBe('succeeded');
    expect((await pay(ws, invoice.id)).json().status).toBe('paid');
  }
  expect((await summary(ws)).subscription).toMatchObject({ status: 'active', plan: { id: 'team' } });
  return ws;
}

/** What the cardholder does in their bank's 3-D Secure window (the sandbox's confirm endpoint). */
async function confirmAtBank(nextActionUrl: string): Promise<{ status: string }> {
  const response = await billfold.app.inject({ method: 'POST', url: new URL(nextActionUrl).pathname });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

function pay(ws: string, invoiceId: string) {
  return call(billfold, 'POST', `/v1/workspaces/${ws}/invoices/${invoiceId}/pay`, { as: owner });
}

async function summary(ws: string) {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function advance(ws: string, to: string): Promise<string[]> {
  const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock/advance`, { as: owner, body: { to } });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().steps as { at: string; kind: string; result: string }[]).map(
    (s) => `${s.at.slice(0, 10)} ${s.kind} ${s.result}`,
  );
}

async function invoices(ws: string): Promise<{ id: string; total: number; status: string }[]> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices?limit=100`, { as: owner });
  return response.json().data;
}

async function uncollectibleInvoice(ws: string): Promise<string> {
  const found = (await invoices(ws)).find((i) => i.status === 'uncollectible');
  if (!found) throw new Error('no uncollectible invoice');
  return found.id;
}

async function invoiceTotals(ws: string): Promise<string[]> {
  return (await invoices(ws)).map((i) => `${i.total} ${i.status}`);
}

/** Every charge the sandbox holds for the workspace's cards, oldest first. */
async function sandboxCharges(ws: string): Promise<string[]> {
  const rows = await billfold.deps.db
    .selectFrom('sandbox_charge')
    .innerJoin('payment_method', 'payment_method.gateway_ref', 'sandbox_charge.card_id')
    .select(['sandbox_charge.amount', 'sandbox_charge.status'])
    .where('payment_method.workspace_id', '=', ws)
    .orderBy('sandbox_charge.created_at')
    .orderBy('sandbox_charge.id')
    .execute();
  return rows.map((r) => `${r.amount} ${r.status}`);
}

async function eventTypes(ws: string, like: string): Promise<string[]> {
  const rows = await billfold.deps.db
    .selectFrom('outbox_event')
    .select('type')
    .where('workspace_id', '=', ws)
    .where('type', 'like', like)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.type);
}

describe('a Team renewal on a card that needs 3-D Secure every time', () => {
  let ws: string;
  let confirmUrl: string;
  beforeAll(async () => {
    ws = await teamOn(testCards.requiresAuthentication);
  });

  it('goes past due on Apr 1 and tells the customer to confirm the payment, with the bank’s link', async () => {
    expect(await advance(ws, '2027-04-01T12:00:00Z')).toEqual(['2027-04-01 renewal requires_action']);
    const page = await summary(ws);
    expect(page.plan.id).toBe('team');
    expect(page.subscription).toMatchObject({
      status: 'past_due',
      pastDue: {
        amount: 2400, // 2 seats × $12.00
        reason: 'action_required',
        failureMessage: expect.stringMatching(/confirm/i),
        nextActionUrl: expect.stringMatching(/\/sandbox\/v1\/charges\/ch_\w+\/confirm$/),
        nextRetryAt: '2027-04-02T00:00:00.000Z', // Apr 1 + 1 day
      },
    });
    confirmUrl = page.subscription.pastDue.nextActionUrl;
    expect(await invoiceTotals(ws)).toEqual(['2400 open', '2400 paid']);
    expect(await eventTypes(ws, 'subscription.%')).toEqual([
      'subscription.created',
      'subscription.updated', // renewed on Apr 1
      'subscription.updated', // past due, waiting for the confirmation
    ]);
  });

  it('is retried on days 1, 3, 5 and 7, reminding the customer each time, then ends on Free', async () => {
    expect(await advance(ws, '2027-04-20T00:00:00Z')).toEqual([
      '2027-04-02 dunning_retry requires_action',
      '2027-04-04 dunning_retry requires_action',
      '2027-04-06 dunning_retry requires_action',
      '2027-04-08 dunning_retry failed', // the last: the unconfirmed charge is canceled
    ]);
    const page = await summary(ws);
    expect(page.subscription).toBeNull();
    expect(page.plan).toMatchObject({ id: 'free', interval: null });
    expect(page.nextCharge).toBeNull();
    expect(await invoiceTotals(ws)).toEqual(['2400 uncollectible', '2400 paid']);
    // The renewal, then a reminder on each of the three retries that still found it unconfirmed.
    expect(await eventTypes(ws, 'invoice.payment_action_required')).toHaveLength(1 + 1 + 3);
    expect((await eventTypes(ws, 'subscription.%')).at(-1)).toBe('subscription.canceled');
  });

  it('takes no money for a confirmation that comes after the invoice was written off', async () => {
    expect((await confirmAtBank(confirmUrl)).status).toBe('failed');
    // The first period's charge ($24.00, confirmed) and the renewal's, canceled at the last retry.
    expect(await sandboxCharges(ws)).toEqual(['2400 succeeded', '2400 failed']);
  });

  it('issues no further invoices in the six months after', async () => {
    expect(await advance(ws, '2027-10-01T00:00:00Z')).toEqual([]);
    expect(await invoiceTotals(ws)).toEqual(['2400 uncollectible', '2400 paid']);
  });

  it('refuses to pay the uncollectible invoice (409), charging nothing and leaving the workspace on Free', async () => {
    const refused = await pay(ws, await uncollectibleInvoice(ws));
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'invoice_not_payable',
      message: expect.stringMatching(/Change plan/),
    });
    expect(await sandboxCharges(ws)).toEqual(['2400 succeeded', '2400 failed']);
    expect((await summary(ws)).plan.id).toBe('free');
    expect(await invoiceTotals(ws)).toEqual(['2400 uncollectible', '2400 paid']);
  });
});

describe('a 3-D Secure renewal the cardholder confirms during dunning', () => {
  let ws: string;
  beforeAll(async () => {
    ws = await teamOn(testCards.requiresAuthentication);
  });

  it('confirmed from the page after the day-1 retry: paid, active again, no further retries', async () => {
    expect(await advance(ws, '2027-04-03T00:00:00Z')).toEqual([
      '2027-04-01 renewal requires_action',
      '2027-04-02 dunning_retry requires_action',
    ]);
    const { pastDue } = (await summary(ws)).subscription;
    expect(pastDue).toMatchObject({ reason: 'action_required', nextRetryAt: '2027-04-04T00:00:00.000Z' });
    expect((await confirmAtBank(pastDue.nextActionUrl)).status).toBe('succeeded');
    const paid = await pay(ws, pastDue.invoiceId);
    expect(paid.json()).toMatchObject({ status: 'paid', total: 2400 }); // 2 seats × $12.00
    const page = await summary(ws);
    expect(page.subscription).toMatchObject({ status: 'active', pastDue: null });
    expect(page.plan.id).toBe('team');
    expect(await advance(ws, '2027-04-20T00:00:00Z')).toEqual([]);
    expect(await invoiceTotals(ws)).toEqual(['2400 paid', '2400 paid']);
  });

  it('confirmed at the bank only (the emailed link): the next retry finds it paid', async () => {
    expect(await advance(ws, '2027-05-01T12:00:00Z')).toEqual(['2027-05-01 renewal requires_action']);
    const { pastDue } = (await summary(ws)).subscription;
    expect((await confirmAtBank(pastDue.nextActionUrl)).status).toBe('succeeded');
    expect(await advance(ws, '2027-05-03T00:00:00Z')).toEqual(['2027-05-02 dunning_retry paid']);
    expect((await summary(ws)).subscription).toMatchObject({ status: 'active', pastDue: null });
    // Three periods, each 2 seats × $12.00, each charged once.
    expect(await invoiceTotals(ws)).toEqual(['2400 paid', '2400 paid', '2400 paid']);
    expect(await sandboxCharges(ws)).toEqual(['2400 succeeded', '2400 succeeded', '2400 succeeded']);
  });
});

describe('an invoice written off after dunning on a card that kept failing', () => {
  it('cannot be paid with a new card: 409, nothing charged, the workspace stays on Free', async () => {
    const ws = await teamOn(testCards.succeeds);
    expect((await addCard(billfold, owner, ws, testCards.chargesFail, true)).statusCode).toBe(201);
    expect(await advance(ws, '2027-04-20T00:00:00Z')).toEqual([
      '2027-04-01 renewal failed',
      '2027-04-02 dunning_retry failed',
      '2027-04-04 dunning_retry failed',
      '2027-04-06 dunning_retry failed',
      '2027-04-08 dunning_retry failed',
    ]);
    expect(await invoiceTotals(ws)).toEqual(['2400 uncollectible', '2400 paid']);
    // A working card again, then "Pay" on the written-off invoice.
    expect((await addCard(billfold, owner, ws, testCards.succeeds, true)).statusCode).toBe(201);
    const charged = await sandboxCharges(ws);
    const refused = await pay(ws, await uncollectibleInvoice(ws));
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'invoice_not_payable',
      message: expect.stringMatching(/Change plan/),
    });
    expect(await sandboxCharges(ws)).toEqual(charged);
    const page = await summary(ws);
    expect(page.plan.id).toBe('free');
    expect(page.subscription).toBeNull();
    expect(await invoiceTotals(ws)).toEqual(['2400 uncollectible', '2400 paid']);
  });
});
