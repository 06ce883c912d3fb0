// Invoices through the API: the list (newest first, paged, drafts hidden), one invoice, its PDF, the public
// hosted page, and who may see them.
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderInvoicePdf } from '../../src/billing/invoices/documents/invoice-pdf.ts';
import { voidUnpaidInvoice } from '../../src/billing/invoices/void-unpaid-invoice.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { fullLine } from '../../src/domain/invoices/invoice-totals.ts';
import { addCard, draftInvoice, payInvoiceAs, testCards } from '../support/billing-fixtures.ts';
import {
  addMember,
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

// The renderer, counted: a stored PDF is answered without rendering again.
vi.mock('../../src/billing/invoices/documents/invoice-pdf.ts', async (importOriginal) => {
  const renderer = await importOriginal<typeof import('../../src/billing/invoices/documents/invoice-pdf.ts')>();
  return { ...renderer, renderInvoicePdf: vi.fn(renderer.renderInvoicePdf) };
});
const renders = vi.mocked(renderInvoicePdf);

async function pdfTextOf(bytes: Buffer): Promise<string> {
  return (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text;
}

let billfold: TestBillfold;
let owner: SignedInUser;
let workspace: { id: string; slug: string };
const paidIds: string[] = [];

beforeAll(async () => {
  billfold = await startTestBillfold();
  owner = await signUp(billfold, 'owner');
  workspace = await createWorkspaceAs(billfold, owner, 'Initech');
  await addCard(billfold, owner, workspace.id, testCards.succeeds);
  await call(billfold, 'PUT', `/v1/workspaces/${workspace.id}/billing-details`, {
    as: owner,
    body: {
      legalName: 'Initech LLC',
      email: 'ap@initech.example',
      addressLine1: '1 Office Park',
      city: 'Austin',
      postalCode: '78701',
      country: 'US',
    },
  });
  for (const seats of [1, 2, 3]) {
    const invoiceId = await draftInvoice(billfold, workspace.id, [fullLine('Team (monthly) — per seat', seats, 1234)]);
    expect((await payInvoiceAs(billfold, owner, workspace.id, invoiceId)).statusCode).toBe(200);
    paidIds.push(invoiceId);
    billfold.clock.advance({ hours: 1 });
  }
  await draftInvoice(billfold, workspace.id); // a draft, never shown
});
afterAll(async () => billfold.close());

describe('the invoice list', () => {
  it('shows issued invoices newest first with number, amount, card and status; drafts are not listed', async () => {
    const response = await call(billfold, 'GET', `/v1/workspaces/${workspace.slug}/invoices`, { as: owner });
    expect(response.statusCode).toBe(200);
    const { data, hasMore } = response.json();
    expect(hasMore).toBe(false);
    expect(data.map((i: { id: string }) => i.id)).toEqual([...paidIds].reverse());
    expect(data.map((i: { total: number }) => i.total)).toEqual([3702, 2468, 1234]);
    for (const invoice of data) {
      expect(invoice).toMatchObject({
        status: 'paid',
        currency: 'usd',
        paymentMethod: { brand: 'visa', last4: '4242' },
      });
      expect(invoice.hostedUrl).toMatch(/^http:\/\/localhost:3000\/invoices\/[A-Za-z0-9_-]{43}$/);
      expect(invoice.pdfUrl).toBe(`http://localhost:3000/v1/workspaces/${workspace.id}/invoices/${invoice.id}/pdf`);
    }
    const numbers = data.map((i: { number: string }) => Number(i.number.slice(3)));
    expect(numbers).toEqual([numbers[2] + 2, numbers[2] + 1, numbers[2]]);
  });

  it('pages with limit and startingAfter', async () => {
    const base = `/v1/workspaces/${workspace.id}/invoices`;
    const first = (await call(billfold, 'GET', `${base}?limit=2`, { as: owner })).json();
    expect(first.hasMore).toBe(true);
    expect(first.data).toHaveLength(2);
    const rest = (
      await call(billfold, 'GET', `${base}?limit=2&startingAfter=${first.data[1].id}`, { as: owner })
    ).json();
    expect(rest).toMatchObject({ hasMore: false, data: [{ id: paidIds[0] }] });
    expect((await call(billfold, 'GET', `${base}?limit=101`, { as: owner })).json().error.param).toBe('limit');
  });
});

describe('one invoice', () => {
  it('has its lines, totals and buyer; its PDF holds the number, buyer and total', async () => {
    const id = paidIds[2] ?? '';
    const invoice = (
      await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${id}`, { as: owner })
    ).json();
    expect(invoice).toMatchObject({
      subtotal: 3702,
      tax: 0,
      total: 3702,
      lines: [
        { description: 'Team (monthly) — per seat', quantity: 3, unitAmount: 1234, amount: 3702, proration: false },
      ],
      billingDetails: { legalName: 'Initech LLC' },
    });
    const pdf = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${id}/pdf`, { as: owner });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    expect(text).toContain(invoice.number);
    expect(text).toContain('Initech LLC');
    expect(text).toContain('$37.02');
  });

  it('the hosted page opens without signing in, and so does its PDF; a wrong token is 404', async () => {
    const invoice = (
      await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${paidIds[0]}`, { as: owner })
    ).json();
    const path = new URL(invoice.hostedUrl).pathname;
    const page = await billfold.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain(invoice.number);
    expect(page.body).toContain('Initech LLC');
    expect(page.body).toContain('$12.34');
    const pdf = await billfold.app.inject({ method: 'GET', url: `${path}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await billfold.app.inject({ method: 'GET', url: '/invoices/not-a-real-token' })).statusCode).toBe(404);
  });
});

describe('the stored PDF', () => {
  it('a second download, signed in or by the hosted link, is the same file and is not rendered again', async () => {
    const id = paidIds[1] ?? '';
    const url = `/v1/workspaces/${workspace.id}/invoices/${id}/pdf`;
    const first = await call(billfold, 'GET', url, { as: owner });
    expect(first.statusCode).toBe(200);
    const rendersAfterFirst = renders.mock.calls.length;
    billfold.clock.advance({ hours: 40 * 24 });
    const second = await call(billfold, 'GET', url, { as: owner });
    expect(second.statusCode).toBe(200);
    expect(Buffer.compare(second.rawPayload, first.rawPayload)).toBe(0);
    const invoice = (
      await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${id}`, { as: owner })
    ).json();
    const hosted = await billfold.app.inject({ method: 'GET', url: `${new URL(invoice.hostedUrl).pathname}/pdf` });
    expect(Buffer.compare(hosted.rawPayload, first.rawPayload)).toBe(0);
    expect(renders.mock.calls.length).toBe(rendersAfterFirst);
  });

  it('an invoice voided after its PDF was downloaded downloads as void', async () => {
    const declined = await createWorkspaceAs(billfold, owner, 'Declined Co');
    await addCard(billfold, owner, declined.id, testCards.chargesFail);
    const id = await draftInvoice(billfold, declined.id, [fullLine('Team (monthly) — per seat', 2, 1500)]);
    expect((await payInvoiceAs(billfold, owner, declined.id, id)).statusCode).toBe(402);
    const url = `/v1/workspaces/${declined.id}/invoices/${id}/pdf`;
    const open = await call(billfold, 'GET', url, { as: owner });
    expect(await pdfTextOf(open.rawPayload)).toContain('$30.00 is due.');

    await inTransaction(billfold.deps.db, (trx) => voidUnpaidInvoice(trx, billfold.deps, declined.id, id));
    const voided = await call(billfold, 'GET', url, { as: owner });
    const text = await pdfTextOf(voided.rawPayload);
    expect(text).toContain('Void — nothing is due');
    expect(text).toContain('Payment declined — nothing was charged');
    expect(text).not.toContain('$30.00 is due.');
    const again = await call(billfold, 'GET', url, { as: owner });
    expect(Buffer.compare(again.rawPayload, voided.rawPayload)).toBe(0);
  });
});

describe('who may see invoices', () => {
  it('members without billing access get 403, outsiders and other workspaces 404', async () => {
    const member = await signUp(billfold, 'member');
    await addMember(billfold, workspace, owner, member, 'member');
    const id = paidIds[0];
    for (const url of [
      `/v1/workspaces/${workspace.id}/invoices`,
      `/v1/workspaces/${workspace.id}/invoices/${id}`,
      `/v1/workspaces/${workspace.id}/invoices/${id}/pdf`,
    ]) {
      expect((await call(billfold, 'GET', url, { as: member })).statusCode).toBe(403);
      expect((await call(billfold, 'GET', url, { as: await signUp(billfold, 'outsider') })).statusCode).toBe(404);
    }
    expect(
      (await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invoices/${id}/pay`, { as: member })).statusCode,
    ).toBe(403);
    const elsewhere = await createWorkspaceAs(billfold, owner);
    expect(
      (await call(billfold, 'GET', `/v1/workspaces/${elsewhere.id}/invoices/${id}`, { as: owner })).statusCode,
    ).toBe(404);
  });

  it('members see invoices when the deployment makes billing visible to them, but cannot pay', async () => {
    const visible = await billfold.withSettings({ BILLFOLD_BILLING_VISIBLE_TO_MEMBERS: 'true' });
    const member = await signUp(billfold, 'viewer');
    await addMember(billfold, workspace, owner, member, 'member');
    const list = await call(visible, 'GET', `/v1/workspaces/${workspace.id}/invoices`, { as: member });
    expect(list.json().data).toHaveLength(3);
    const draft = await draftInvoice(billfold, workspace.id);
    expect(
      (await call(visible, 'POST', `/v1/workspaces/${workspace.id}/invoices/${draft}/pay`, { as: member })).statusCode,
    ).toBe(403);
  });
});

describe('a one-off invoice', () => {
  it('is issued open with a number by the operator’s API key, then paid by the billing manager', async () => {
    const key = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/api-keys`, {
      as: owner,
      body: { name: 'billing sync' },
    });
    const issued = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invoices`, {
      as: { apiKey: key.json().token },
      body: { lines: [{ description: 'Onboarding workshop', quantity: 2, unitAmount: 15000 }] },
    });
    expect(issued.statusCode).toBe(201);
    expect(issued.json()).toMatchObject({
      status: 'open',
      currency: 'usd',
      subtotal: 30000,
      total: 30000,
      paidAt: null,
      payment: null,
      lines: [{ description: 'Onboarding workshop', quantity: 2, unitAmount: 15000, amount: 30000, proration: false }],
      billingDetails: { legalName: 'Initech LLC' },
    });
    expect(issued.json().number).toMatch(/^BF-\d{6}$/);
    const listed = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices?limit=1`, { as: owner });
    expect(listed.json().data[0].id).toBe(issued.json().id);

    const paid = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invoices/${issued.json().id}/pay`, {
      as: owner,
    });
    expect(paid.json()).toMatchObject({ status: 'paid', total: 30000 });
  });

  it.each([
    [{ lines: [] }, 'lines'],
    [{ lines: [{ description: 'Workshop', quantity: 1, unitAmount: 12.5 }] }, 'lines.0.unitAmount'],
    [{ lines: [{ description: '', quantity: 1, unitAmount: 100 }] }, 'lines.0.description'],
    [{ currency: 'dollars', lines: [{ description: 'Workshop', quantity: 1, unitAmount: 100 }] }, 'currency'],
  ])('refuses %o naming %s and issues nothing', async (body, param) => {
    const before = (
      await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices?limit=100`, { as: owner })
    ).json().data.length;
    const response = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invoices`, { as: owner, body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.param).toBe(param);
    const after = (
      await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices?limit=100`, { as: owner })
    ).json().data.length;
    expect(after).toBe(before);
  });
});
