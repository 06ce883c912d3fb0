// Paying an open invoice from its hosted page (POST /invoices/:token/pay, no sign-in: the link is the key): charged
// once however often a keyed request is retried, through the signed-in "Pay now" use case; 3-D Secure confirmed at
// the sandbox and then paid; paid and void invoices refused saying why; a bad link 404; a declined card leaves the
// invoice open and says nothing was charged; a bad body names the field; the card is not saved on the workspace.
// The page shows the due date and, while the subscription is past due, the amount due now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, testCards, tokenize, workspaceOnTestClock } from '../support/billing-fixtures.ts';
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
afterAll(async () => billfold.close());

/** A new workspace with a one-off $300.00 invoice, open; answers its id and its hosted page's path. */
async function openInvoice(name = 'Hooli') {
  const ws = (await createWorkspaceAs(billfold, owner, name)).id;
  const issued = await call(billfold, 'POST', `/v1/workspaces/${ws}/invoices`, {
    as: owner,
    body: { lines: [{ description: 'Onboarding workshop', quantity: 2, unitAmount: 15000 }] },
  });
  expect(issued.statusCode, issued.body).toBe(201);
  const invoice = issued.json();
  return { ws, id: invoice.id as string, path: new URL(invoice.hostedUrl).pathname };
}

function payHosted(path: string, body: unknown, idempotencyKey?: string, remoteAddress?: string) {
  return billfold.app.inject({
    method: 'POST',
    url: `${path}/pay`,
    ...(remoteAddress ? { remoteAddress } : {}),
    headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    payload: JSON.stringify(body),
  });
}

async function invoiceOf(ws: string, id: string) {
  return (await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices/${id}`, { as: owner })).json();
}

async function chargesOf(ws: string, id: string) {
  const invoice = await invoiceOf(ws, id);
  return billfold.deps.db
    .selectFrom('payment_attempt')
    .select(['status', 'amount'])
    .where('invoice_id', '=', invoice.id)
    .execute();
}

async function hostedPage(path: string) {
  const page = await billfold.app.inject({ method: 'GET', url: path });
  expect(page.statusCode).toBe(200);
  return page.body;
}

describe('paying from the hosted page', () => {
  it('shows the due date and a "Pay $300.00" form on the open invoice', async () => {
    const { path } = await openInvoice();
    const page = await billfold.app.inject({ method: 'GET', url: path });
    // The card form runs only the script Billfold serves: the page's CSP allows no inline script.
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    const html = await hostedPage(path);
    expect(html).toMatch(/Due [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    expect(html).toContain('>Pay $300.00</button>');
    expect(html).toContain('<script src="/invoices/pay.js" defer></script>');
    const script = await billfold.app.inject({ method: 'GET', url: '/invoices/pay.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain('/sandbox/v1/tokens');
  });

  it('charges once for a retried Idempotency-Key; the page then says Paid; the card is not saved', async () => {
    const { ws, id, path } = await openInvoice();
    const token = await tokenize(billfold, testCards.succeeds);
    const first = await payHosted(path, { paymentMethodToken: token }, 'hosted-pay-1');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'paid',
      total: 30000,
      currency: 'usd',
      paymentMethod: { brand: 'visa', last4: '4242' },
    });
    const retried = await payHosted(path, { paymentMethodToken: token }, 'hosted-pay-1');
    expect(retried.statusCode).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.json().status).toBe('paid');
    expect(await chargesOf(ws, id)).toEqual([{ status: 'succeeded', amount: 30000 }]);

    expect(await invoiceOf(ws, id)).toMatchObject({ status: 'paid', paymentMethod: { last4: '4242' } });
    const html = await hostedPage(path);
    expect(html).toContain('>Paid<');
    expect(html).not.toContain('pay-form');
    const cards = await call(billfold, 'GET', `/v1/workspaces/${ws}/payment-methods`, { as: owner });
    expect(cards.json().data).toEqual([]);
  });

  it('refuses a paid invoice and a void one with 409 saying why, charging nothing', async () => {
    const { ws, id, path } = await openInvoice();
    expect(
      (await payHosted(path, { paymentMethodToken: await tokenize(billfold, testCards.succeeds) })).statusCode,
    ).toBe(200);
    const again = await payHosted(path, { paymentMethodToken: await tokenize(billfold, testCards.succeeds) }, 'k-2');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'invoice_not_payable' });
    expect(again.json().error.message).toMatch(/is already paid/);
    expect(await chargesOf(ws, id)).toHaveLength(1);

    // A declined first credit purchase voids its invoice.
    const flex = (await createWorkspaceAs(billfold, owner, 'Void Co')).id;
    expect((await addCard(billfold, owner, flex, testCards.chargesFail, true)).statusCode).toBe(201);
    await call(billfold, 'POST', `/v1/workspaces/${flex}/subscription`, { as: owner, body: { plan: 'flex' } });
    const bought = await call(billfold, 'POST', `/v1/workspaces/${flex}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_1000' },
    });
    expect(bought.statusCode).toBe(402);
    const [voided] = (await call(billfold, 'GET', `/v1/workspaces/${flex}/invoices`, { as: owner })).json().data;
    expect(voided.status).toBe('void');
    const voidPath = new URL(voided.hostedUrl).pathname;
    expect(await hostedPage(voidPath)).not.toContain('pay-form');
    const refused = await payHosted(voidPath, { paymentMethodToken: await tokenize(billfold, testCards.succeeds) });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/is void: nothing is due/);
    expect((await invoiceOf(flex, voided.id)).status).toBe('void');
  });

  it('a link that names no invoice is 404', async () => {
    const response = await payHosted('/invoices/not-a-real-link', {
      paymentMethodToken: await tokenize(billfold, testCards.succeeds),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'not_found', message: 'This invoice link is not valid.' });
  });

  it('a declined card leaves the invoice open and says nothing was charged', async () => {
    const { ws, id, path } = await openInvoice();
    const declined = await payHosted(path, { paymentMethodToken: await tokenize(billfold, testCards.declined) }, 'd-1');
    expect(declined.statusCode).toBe(402);
    expect(declined.json().error).toMatchObject({
      code: 'payment_failed',
      message: 'Your card was declined. Nothing was charged.',
      param: 'paymentMethodToken',
    });
    // A card that attaches but whose charge fails: the attempt is recorded as failed, the invoice stays open.
    const failing = await payHosted(path, { paymentMethodToken: await tokenize(billfold, testCards.chargesFail) });
    expect(failing.statusCode).toBe(402);
    expect(failing.json().error.message).toMatch(/Nothing was charged\.$/);
    expect((await invoiceOf(ws, id)).status).toBe('open');
    expect(await hostedPage(path)).toContain('>Pay $300.00</button>');
    // …and a good card then pays it.
    const paid = await payHosted(path, { paymentMethodToken: await tokenize(billfold, testCards.succeeds) });
    expect(paid.json().status).toBe('paid');
  });

  it('a card that asks for 3-D Secure is paid once the cardholder confirms', async () => {
    const { ws, id, path } = await openInvoice();
    const token = await tokenize(billfold, testCards.requiresAuthentication);
    const first = await payHosted(path, { paymentMethodToken: token }, 'tds-1');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'open', payment: { status: 'requires_action' } });
    const confirmUrl = new URL(first.json().payment.nextActionUrl).pathname;
    expect(await hostedPage(path)).toContain('Your bank asks you to confirm this payment of $300.00.');
    const confirmed = await billfold.app.inject({ method: 'POST', url: confirmUrl });
    expect(confirmed.json().status).toBe('succeeded');
    const paid = await payHosted(path, { paymentMethodToken: token }, 'tds-2');
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', paymentMethod: { last4: '3184' } });
    expect(await chargesOf(ws, id)).toEqual([{ status: 'succeeded', amount: 30000 }]);
  });

  it('a link tried with one declined card after another is refused with 429 before the 30th (card testing)', async () => {
    const { ws, id, path } = await openInvoice();
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 30; attempt++) {
      const token = await tokenize(billfold, testCards.declined);
      // A new address every time: the workspace's own count is what stops it.
      statuses.push(
        (await payHosted(path, { paymentMethodToken: token }, undefined, `203.0.113.${attempt}`)).statusCode,
      );
    }
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThan(0);
    expect(statuses.slice(0, firstLimited).every((status) => status === 402)).toBe(true);
    expect(statuses.slice(firstLimited).every((status) => status === 429)).toBe(true);
    expect((await invoiceOf(ws, id)).status).toBe('open');
  });

  it.each([
    [{}, 'paymentMethodToken'],
    [{ paymentMethodToken: '' }, 'paymentMethodToken'],
    [{ paymentMethodToken: 42 }, 'paymentMethodToken'],
    [{ paymentMethodToken: 'tok_x', card: '4242424242424242' }, 'card'],
  ])('refuses the body %o with 400 naming %s', async (body, param) => {
    const { ws, id, path } = await openInvoice();
    const response = await payHosted(path, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ type: 'invalid_request', param });
    expect((await invoiceOf(ws, id)).status).toBe('open');
  });

  it('while the subscription is past due its open invoice says "Amount due now"; paying it brings it back', async () => {
    const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z', { name: 'Late Payer Ltd' });
    const subscribed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'team', interval: 'month', seats: 3 },
    });
    expect(subscribed.statusCode, subscribed.body).toBe(200);
    expect((await addCard(billfold, owner, ws, testCards.chargesFail, true)).statusCode).toBe(201);
    const advanced = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock/advance`, {
      as: owner,
      body: { to: '2027-04-01T12:00:00Z' },
    });
    expect(advanced.statusCode, advanced.body).toBe(200);
    const billing = (await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner })).json();
    expect(billing.subscription.status).toBe('past_due');
    const renewal = await invoiceOf(ws, billing.subscription.pastDue.invoiceId);
    const path = new URL(renewal.hostedUrl).pathname;
    const amount = `$${(renewal.total / 100).toFixed(2)}`;
    const html = await hostedPage(path);
    expect(html).toContain(`Amount due now: ${amount}`);
    expect(html).toContain('Due Apr 1, 2027');

    const paid = await payHosted(path, { paymentMethodToken: await tokenize(billfold, testCards.succeeds) }, 'late');
    expect(paid.json()).toMatchObject({ status: 'paid', total: renewal.total });
    const after = (await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner })).json();
    expect(after.subscription.status).toBe('active');
    expect(await hostedPage(path)).not.toContain('Amount due now');
  });
});
