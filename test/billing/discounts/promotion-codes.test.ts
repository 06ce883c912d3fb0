// Coupons and promotion codes through the API, on test clocks, with amounts worked by hand: 20% off for 3 months
// on Team, renewals discounted while it lasts, seats added mid-period prorated at the discounted price, the limits
// of a code (redemptions, expiry, plan, first time), each refusal changing nothing; and the operator API, which
// only the operator key opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { addCard, testCards, workspaceOnTestClock } from '../../support/billing-fixtures.ts';
import { call, type SignedInUser, signUp, startTestBillfold, type TestBillfold } from '../../support/test-billfold.ts';

const operatorKey = 'operator-key-operator-key-operator-key-0123';
let billfold: TestBillfold;
let owner: SignedInUser;

beforeAll(async () => {
  billfold = await startTestBillfold({ BILLFOLD_OPERATOR_KEY: operatorKey });
  owner = await signUp(billfold, 'owner');
});
afterAll(async () => {
  await billfold.close();
});

function operator(method: 'GET' | 'POST', url: string, body?: unknown, authorization = `Bearer ${operatorKey}`) {
  return billfold.app.inject({
    method,
    url,
    headers: { authorization },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}

let codeCounter = 0;
/** A coupon and a code for it (a fresh code each time: codes are global). */
async function promotionCode(
  coupon: Record<string, unknown>,
  code: Record<string, unknown> = {},
): Promise<{ code: string; couponId: string }> {
  const created = await operator('POST', '/v1/operator/coupons', coupon);
  expect(created.statusCode, created.body).toBe(200);
  codeCounter += 1;
  const name = `SPRING${codeCounter}X${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  const made = await operator('POST', '/v1/operator/promotion-codes', {
    coupon: created.json().id,
    code: name,
    ...code,
  });
  expect(made.statusCode, made.body).toBe(200);
  return { code: name, couponId: created.json().id };
}

const twentyForThreeMonths = { percentOff: 20, duration: 'repeating', durationInMonths: 3, name: 'Spring sale' };

function workspaceAt(frozenTime: string): Promise<string> {
  return workspaceOnTestClock(billfold, owner, frozenTime, { name: 'Coupons Inc', card: testCards.succeeds });
}

function subscribe(ws: string, body: Record<string, unknown>) {
  return call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body });
}

async function advance(ws: string, to: string) {
  const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock/advance`, { as: owner, body: { to } });
  expect(response.statusCode, response.body).toBe(200);
}

async function summary(ws: string) {
  return (await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner })).json();
}

/** Each invoice, oldest first: its total and its lines' amounts. */
async function invoices(ws: string): Promise<string[]> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
  return response
    .json()
    .data.reverse()
    .map(
      (i: { total: number; lines: { amount: number }[] }) => `${i.total} = ${i.lines.map((l) => l.amount).join(' ')}`,
    );
}

describe('20% off for 3 months on Team (3 seats, $36.00 a month)', () => {
  it('charges $28.80 for months 1–3 and $36.00 from month 4, the discount its own line', async () => {
    const { code, couponId } = await promotionCode(twentyForThreeMonths);
    const ws = await workspaceAt('2027-04-01T00:00:00Z');

    // The preview shows what the confirm charges: 3 × $12 = $36.00, −20% = −$7.20, $28.80.
    const preview = await call(
      billfold,
      'GET',
      `/v1/workspaces/${ws}/subscription/preview?plan=team&seats=3&promotionCode=${code.toLowerCase()}`,
      { as: owner },
    );
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().lines.map((l: { description: string; amount: number }) => [l.description, l.amount])).toEqual(
      [
        ['Team (monthly) — per seat', 3600],
        [`20% off for 3 months (${code})`, -720],
      ],
    );
    expect(preview.json().amountDue).toBe(2880);
    expect(preview.json().nextCharge.amount).toBe(2880);

    const subscribed = await subscribe(ws, { plan: 'team', seats: 3, promotionCode: code });
    expect(subscribed.statusCode, subscribed.body).toBe(200);
    expect(subscribed.json().invoice.total).toBe(2880);
    expect(subscribed.json().invoice.lines[1]).toMatchObject({
      description: `20% off for 3 months (${code})`,
      amount: -720,
    });

    const billing = await summary(ws);
    expect(billing.discount).toMatchObject({
      couponId,
      name: 'Spring sale',
      percentOff: 20,
      amountOff: null,
      duration: 'repeating',
      durationInMonths: 3,
      endsAt: '2027-07-01T00:00:00.000Z',
      promotionCode: code,
    });
    expect(billing.nextCharge).toMatchObject({ amount: 2880, date: '2027-05-01T00:00:00.000Z' });

    await advance(ws, '2027-05-01T00:00:00Z');
    await advance(ws, '2027-06-01T00:00:00Z');
    // In month 3 the next charge (Jul 1, past the 3 months) is the full price again.
    expect((await summary(ws)).nextCharge.amount).toBe(3600);
    await advance(ws, '2027-07-01T00:00:00Z');
    expect(await invoices(ws)).toEqual(['2880 = 3600 -720', '2880 = 3600 -720', '2880 = 3600 -720', '3600 = 3600']);
    // The discount is over: the page no longer shows it.
    expect((await summary(ws)).discount).toBeNull();

    // The event and the audit entry of the discount.
    while ((await publishEvents({ ...billfold.deps, eventSubscribers: [] })) > 0) {}
    const events = (await call(billfold, 'GET', `/v1/workspaces/${ws}/events?limit=100`, { as: owner })).json();
    const created = events.data.filter((e: { type: string }) => e.type === 'customer.discount.created');
    expect(created).toHaveLength(1);
    expect(created[0].data.object).toMatchObject({ promotionCode: code, percentOff: 20 });
    const activity = (await call(billfold, 'GET', `/v1/workspaces/${ws}/activity?limit=100`, { as: owner })).json();
    expect(activity.data.map((e: { summary: string }) => e.summary)).toContain(
      `Applied the promotion code ${code}: 20% off for 3 months (${code})`,
    );
  });

  it('prorates seats added half-way through month 2 at the discounted price', async () => {
    const { code } = await promotionCode(twentyForThreeMonths);
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    expect((await subscribe(ws, { plan: 'team', seats: 3, promotionCode: code })).json().invoice.total).toBe(2880);
    await advance(ws, '2027-05-01T00:00:00Z');
    // May has 31 days; May 16 12:00 leaves 15.5 days = 1,339,200 of its 2,678,400 seconds, exactly half.
    // 2 added seats × $12.00 × 1/2 = $12.00; 20% off = −$2.40; $9.60 — the discounted $9.60 a seat, for half a month, twice.
    await advance(ws, '2027-05-16T12:00:00Z');
    const added = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/seats`, {
      as: owner,
      body: { seats: 5 },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().invoice.lines.map((l: { amount: number }) => l.amount)).toEqual([1200, -240]);
    expect(added.json().invoice.total).toBe(960);
    // June 1 (month 3): 5 × $12 = $60.00 − 20% = $48.00; July 1: $60.00.
    expect((await summary(ws)).nextCharge.amount).toBe(4800);
    await advance(ws, '2027-06-01T00:00:00Z');
    await advance(ws, '2027-07-01T00:00:00Z');
    expect(await invoices(ws)).toEqual([
      '2880 = 3600 -720',
      '2880 = 3600 -720',
      '960 = 1200 -240',
      '4800 = 6000 -1200',
      '6000 = 6000',
    ]);
  });

  it('an upgrade to Pro Starter credits the unused Team time at what was paid for it', async () => {
    const { code } = await promotionCode({ percentOff: 20, duration: 'forever' });
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    expect((await subscribe(ws, { plan: 'team', seats: 3, promotionCode: code })).json().invoice.total).toBe(2880);
    // Apr 21, 10 of 30 days left: −$36.00 × 10/30 = −$12.00; $49.00 × 10/30 = $16.33; 20% off both lines:
    // +$2.40 and −$3.27 (326.6 → 327) → −$0.87; $4.33 − $0.87 = $3.46 (−$9.60 paid-for time, $13.06 at Pro's discounted price).
    await advance(ws, '2027-04-21T00:00:00Z');
    const upgraded = await subscribe(ws, { plan: 'pro', tier: 'starter' });
    expect(upgraded.statusCode, upgraded.body).toBe(200);
    expect(upgraded.json().invoice.lines.map((l: { amount: number }) => l.amount)).toEqual([-1200, 1633, -87]);
    expect(upgraded.json().invoice.total).toBe(346);
  });
});

describe('a Team-only coupon, and an upgrade to Pro', () => {
  it('credits the unused Team time at what was paid, and charges Pro in full; renewals on Pro are not discounted', async () => {
    const { code } = await promotionCode({ percentOff: 20, duration: 'forever', appliesToPlans: ['team'] });
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    expect((await subscribe(ws, { plan: 'team', seats: 3, promotionCode: code })).json().invoice.total).toBe(2880);
    // Apr 21, 10 of 30 days left: −$36.00 × 10/30 = −$12.00 credited, of which 20% ($2.40) was never paid;
    // Pro Starter $49.00 × 10/30 = $16.33 in full. −$12.00 + $16.33 + $2.40 = $6.73.
    await advance(ws, '2027-04-21T00:00:00Z');
    const upgraded = await subscribe(ws, { plan: 'pro', tier: 'starter' });
    expect(upgraded.statusCode, upgraded.body).toBe(200);
    expect(
      upgraded.json().invoice.lines.map((l: { description: string; amount: number }) => [l.description, l.amount]),
    ).toEqual([
      ['Unused time on Team (monthly) — per seat', -1200],
      ['Remaining time on Pro Starter (monthly)', 1633],
      [`Unused time was 20% off (${code})`, 240],
    ]);
    expect(upgraded.json().invoice.total).toBe(673);
    // May 1 on Pro Starter: $49.00, the coupon is not for Pro.
    const after = await summary(ws);
    expect(after.nextCharge.amount).toBe(4900);
    expect(after.discount).toBeNull();
  });
});

describe('$5.00 off forever on Team (3 seats)', () => {
  it('takes $5.00 off every period, and nothing off seats added mid-period (already taken off the period)', async () => {
    const { code } = await promotionCode({ amountOff: 500, currency: 'usd', duration: 'forever' });
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    const subscribed = await subscribe(ws, { plan: 'team', seats: 3, promotionCode: code });
    // $36.00 − $5.00 = $31.00.
    expect(subscribed.json().invoice.lines.map((l: { description: string; amount: number }) => l.description)).toEqual([
      'Team (monthly) — per seat',
      `$5.00 off forever (${code})`,
    ]);
    expect(subscribed.json().invoice.total).toBe(3100);
    expect((await summary(ws)).discount).toMatchObject({ amountOff: 500, currency: 'usd', endsAt: null });
    // Apr 16, 15 of 30 days left: 1 added seat × $12.00 × ½ = $6.00, no discount line.
    await advance(ws, '2027-04-16T00:00:00Z');
    const added = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/seats`, {
      as: owner,
      body: { seats: 4 },
    });
    expect(added.json().invoice.lines.map((l: { amount: number }) => l.amount)).toEqual([600]);
    // May 1: 4 × $12.00 − $5.00 = $43.00; June 1 the same.
    await advance(ws, '2027-06-01T00:00:00Z');
    expect(await invoices(ws)).toEqual(['3100 = 3600 -500', '600 = 600', '4300 = 4800 -500', '4300 = 4800 -500']);
  });
});

describe("a promotion code's limits", () => {
  async function refused(ws: string, code: string, plan = 'team') {
    const response = await subscribe(ws, { plan, seats: 1, promotionCode: code });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.param).toBe('promotionCode');
    // Nothing changed: still on Free, no invoice.
    expect((await summary(ws)).plan.id).toBe('free');
    expect(await invoices(ws)).toEqual([]);
    return response.json().error.message as string;
  }

  it('max redemptions: the second workspace is refused, also when both redeem at once', async () => {
    const { code } = await promotionCode(twentyForThreeMonths, { maxRedemptions: 1 });
    const first = await workspaceAt('2027-04-01T00:00:00Z');
    expect((await subscribe(first, { plan: 'team', seats: 1, promotionCode: code })).statusCode).toBe(200);
    const second = await workspaceAt('2027-04-01T00:00:00Z');
    expect(await refused(second, code)).toBe(`The promotion code ${code} has been used as many times as it may be.`);

    const race = await promotionCode({ percentOff: 10, duration: 'once', maxRedemptions: 1 });
    const [a, b] = [await workspaceAt('2027-04-01T00:00:00Z'), await workspaceAt('2027-04-01T00:00:00Z')];
    const answers = await Promise.all(
      [a, b].map((ws) => subscribe(ws, { plan: 'team', seats: 1, promotionCode: race.code })),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    const coupons = (await operator('GET', '/v1/operator/coupons?limit=100')).json().data;
    expect(coupons.find((c: { id: string }) => c.id === race.couponId).timesRedeemed).toBe(1);
  });

  it('a declined first payment gives the use back: the same workspace redeems it with a good card', async () => {
    const { code, couponId } = await promotionCode(twentyForThreeMonths, { maxRedemptions: 1, firstTimeOnly: true });
    const ws = await workspaceOnTestClock(billfold, owner, '2027-04-01T00:00:00Z', { card: testCards.chargesFail });
    const declined = await subscribe(ws, { plan: 'team', seats: 1, promotionCode: code });
    expect(declined.statusCode).toBe(402);
    const coupons = (await operator('GET', '/v1/operator/coupons?limit=100')).json().data;
    expect(coupons.find((c: { id: string }) => c.id === couponId).timesRedeemed).toBe(0);

    const card = await addCard(billfold, owner, ws, testCards.succeeds);
    expect(card.statusCode).toBe(201);
    await call(billfold, 'POST', `/v1/workspaces/${ws}/payment-methods/${card.json().id}/default`, { as: owner });
    const paid = await subscribe(ws, { plan: 'team', seats: 1, promotionCode: code });
    expect(paid.statusCode, paid.body).toBe(200);
    // $12.00 − 20% = $9.60; the void invoice of the declined try is $9.60 too.
    expect(paid.json().invoice.total).toBe(960);
    expect((await summary(ws)).discount.promotionCode).toBe(code);
  });

  it('expiry: refused from the moment it expires, on the workspace clock', async () => {
    const { code } = await promotionCode(twentyForThreeMonths, { expiresAt: '2027-04-15T00:00:00Z' });
    const late = await workspaceAt('2027-04-15T00:00:00Z');
    expect(await refused(late, code)).toBe(`The promotion code ${code} has expired.`);
    const early = await workspaceAt('2027-04-14T23:59:59Z');
    expect((await subscribe(early, { plan: 'team', seats: 1, promotionCode: code })).json().invoice.total).toBe(960);
  });

  it('unknown, another plan, or first-time only for a workspace that has paid: refused with a clear message', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    expect(await refused(ws, 'NO-SUCH-CODE')).toBe('There is no promotion code "NO-SUCH-CODE". Check the spelling.');
    const proOnly = await promotionCode({ percentOff: 20, duration: 'once', appliesToPlans: ['pro'] });
    expect(await refused(ws, proOnly.code)).toBe(`The promotion code ${proOnly.code} does not apply to Team.`);

    const firstTime = await promotionCode(twentyForThreeMonths, { firstTimeOnly: true });
    const paid = await workspaceAt('2027-04-01T00:00:00Z');
    expect((await subscribe(paid, { plan: 'team', seats: 1 })).statusCode).toBe(200);
    await subscribe(paid, { plan: 'free' });
    await advance(paid, '2027-05-01T00:00:00Z');
    expect((await summary(paid)).plan.id).toBe('free');
    const again = await subscribe(paid, { plan: 'team', seats: 1, promotionCode: firstTime.code });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toBe(
      `The promotion code ${firstTime.code} is for a first subscription only, and this workspace has had one.`,
    );
    // A new workspace may use it.
    const fresh = await workspaceAt('2027-04-01T00:00:00Z');
    expect(
      (await subscribe(fresh, { plan: 'team', seats: 1, promotionCode: firstTime.code })).json().invoice.total,
    ).toBe(960);
  });

  it('the preview refuses a bad code the same way', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    const response = await call(
      billfold,
      'GET',
      `/v1/workspaces/${ws}/subscription/preview?plan=team&promotionCode=NOPE`,
      {
        as: owner,
      },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ param: 'promotionCode', type: 'invalid_request' });
  });
});

describe('the operator API', () => {
  it('opens only to the operator key: not to nobody, a workspace API key or a session cookie', async () => {
    const ws = await workspaceAt('2027-04-01T00:00:00Z');
    const key = await call(billfold, 'POST', `/v1/workspaces/${ws}/api-keys`, { as: owner, body: { name: 'product' } });
    expect(key.statusCode, key.body).toBe(201);
    const apiKey = key.json().token as string;
    const attempts = [
      await operator('GET', '/v1/operator/coupons', undefined, ''),
      await operator('GET', '/v1/operator/coupons', undefined, `Bearer ${apiKey}`),
      await operator('POST', '/v1/operator/coupons', { percentOff: 50, duration: 'forever' }, `Bearer ${apiKey}`),
      await operator('GET', '/v1/operator/coupons', undefined, `Bearer ${operatorKey}x`),
      await billfold.app.inject({ method: 'GET', url: '/v1/operator/coupons', headers: { cookie: owner.cookie } }),
      await billfold.app.inject({
        method: 'POST',
        url: '/v1/operator/promotion-codes',
        headers: { cookie: owner.cookie, origin: 'http://localhost:3000' },
        payload: { coupon: 'coupon_x', code: 'HACK' },
      }),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401, 401]);
    expect((await operator('GET', '/v1/operator/coupons')).statusCode).toBe(200);
  });

  it('answers 404 when BILLFOLD_OPERATOR_KEY is not set', async () => {
    const without = await billfold.withSettings({ BILLFOLD_OPERATOR_KEY: '' });
    const response = await without.app.inject({
      method: 'GET',
      url: '/v1/operator/coupons',
      headers: { authorization: `Bearer ${operatorKey}` },
    });
    expect(response.statusCode).toBe(404);
  });

  it('refuses a bad coupon or code naming the field, and a code taken in any case with 409', async () => {
    const bad = await operator('POST', '/v1/operator/coupons', { percentOff: 120, duration: 'once' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.param).toBe('percentOff');
    const unknown = await operator('POST', '/v1/operator/coupons', { percentOff: 10, duration: 'once', extra: 1 });
    expect(unknown.statusCode).toBe(400);
    const { code } = await promotionCode({ amountOff: 500, currency: 'usd', duration: 'once' });
    const coupons = (await operator('GET', '/v1/operator/coupons?limit=100')).json().data;
    const again = await operator('POST', '/v1/operator/promotion-codes', {
      coupon: coupons[0].id,
      code: code.toLowerCase(),
    });
    expect(again.statusCode).toBe(409);
    const codes = (await operator('GET', '/v1/operator/promotion-codes?limit=100')).json();
    expect(codes.data.some((c: { code: string }) => c.code === code)).toBe(true);
  });
});
