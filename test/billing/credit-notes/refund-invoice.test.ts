// Refunding paid invoices through the API: the credit note issued (CN numbers, lines, the invoice's view), the card
// refunded once however the request ends (a crash between the gateway's refund and recording it, concurrent
// refunds), refusals that change nothing, and the credit notes' list, PDF and hosted page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pendingRefundGracePeriod,
  recoverPendingRefunds,
} from '../../../src/billing/credit-notes/recover-pending-refunds.ts';
import { fullLine } from '../../../src/domain/invoices/invoice-totals.ts';
import { addCard, draftInvoice, payInvoiceAs, testCards } from '../../support/billing-fixtures.ts';
import { crashingGateway } from '../../support/crashing-gateway.ts';
import {
  addMember,
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
afterAll(async () => billfold.close());

/** A workspace with a card and a paid $45.00 invoice. */
async function paid45() {
  const workspace = await createWorkspaceAs(billfold, owner);
  expect((await addCard(billfold, owner, workspace.id, testCards.succeeds)).statusCode).toBe(201);
  const invoiceId = await draftInvoice(billfold, workspace.id, [fullLine('Pro — Starter (monthly)', 1, 4500)]);
  const paid = await payInvoiceAs(billfold, owner, workspace.id, invoiceId);
  expect(paid.json()).toMatchObject({ status: 'paid', total: 4500 });
  return { workspace, invoiceId, invoiceNumber: paid.json().number as string };
}

function refund(workspaceId: string, invoiceId: string, body: unknown, idempotencyKey?: string, as = owner) {
  return call(billfold, 'POST', `/v1/workspaces/${workspaceId}/invoices/${invoiceId}/refunds`, {
    as,
    body,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
}

/** What the sandbox processor refunded of the invoice's charge. */
async function cardRefunds(invoiceId: string) {
  return billfold.deps.db
    .selectFrom('sandbox_refund')
    .innerJoin('sandbox_charge', 'sandbox_charge.id', 'sandbox_refund.charge_id')
    .innerJoin('payment_attempt', 'payment_attempt.id', 'sandbox_charge.idempotency_key')
    .select(['sandbox_refund.amount'])
    .where('payment_attempt.invoice_id', '=', invoiceId)
    .execute()
    .then((rows) => rows.map((row) => Number(row.amount)));
}

async function creditNotesOf(workspaceId: string, invoiceId: string) {
  const list = await call(billfold, 'GET', `/v1/workspaces/${workspaceId}/credit-notes?invoice=${invoiceId}`, {
    as: owner,
  });
  expect(list.statusCode).toBe(200);
  return list.json().data as { number: string; total: number }[];
}

describe('refunding a paid invoice', () => {
  it('a half refund of a $45.00 invoice issues CN-000001 for $22.50 and refunds the card once', async () => {
    const { workspace, invoiceId, invoiceNumber } = await paid45();
    const refunded = await refund(workspace.id, invoiceId, { amount: 2250, reason: 'requested_by_customer' });
    expect(refunded.statusCode).toBe(201);
    expect(refunded.json()).toMatchObject({
      number: 'CN-000001',
      invoiceId,
      invoiceNumber,
      total: 2250,
      subtotal: 2250,
      tax: 0,
      creditedTo: 'card',
      reason: 'requested_by_customer',
      lines: [{ description: `Refund of invoice ${invoiceNumber}`, quantity: 1, unitAmount: 2250, amount: 2250 }],
    });
    expect(await cardRefunds(invoiceId)).toEqual([2250]);

    const invoice = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${invoiceId}`, { as: owner });
    expect(invoice.json()).toMatchObject({
      status: 'paid',
      total: 4500,
      amountCredited: 2250,
      creditNotes: [{ number: 'CN-000001', total: 2250, creditedTo: 'card' }],
    });

    const events = await billfold.deps.db
      .selectFrom('outbox_event')
      .select('type')
      .where('workspace_id', '=', workspace.id)
      .where('type', 'in', ['invoice.refunded', 'credit_note.created'])
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.type).sort()).toEqual(['credit_note.created', 'invoice.refunded']);
    const audit = await billfold.deps.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('workspace_id', '=', workspace.id)
      .where('action', '=', 'invoice.refunded')
      .execute();
    expect(audit).toEqual([{ action: 'invoice.refunded', target_id: invoiceId }]);

    // The rest, with no amount: $22.50 more, the next number; then nothing is left.
    const rest = await refund(workspace.id, invoiceId, { reason: 'requested_by_customer' });
    expect(rest.json()).toMatchObject({ number: 'CN-000002', total: 2250 });
    expect(await cardRefunds(invoiceId)).toEqual([2250, 2250]);
    const more = await refund(workspace.id, invoiceId, { amount: 1, reason: 'other' });
    expect(more.statusCode).toBe(409);
    expect(more.json().error).toMatchObject({ code: 'refund_exceeds_refundable', param: 'amount' });
    expect(more.json().error.message).toContain('already been refunded in full');
  });

  it('a full refund repeats the invoice lines', async () => {
    const { workspace, invoiceId } = await paid45();
    const full = await refund(workspace.id, invoiceId, { reason: 'duplicate', memo: 'Charged twice' });
    expect(full.json()).toMatchObject({
      total: 4500,
      memo: 'Charged twice',
      lines: [{ description: 'Pro — Starter (monthly)', quantity: 1, unitAmount: 4500, amount: 4500 }],
    });
    expect(await cardRefunds(invoiceId)).toEqual([4500]);
  });

  it('refusing more than the rest names the amount and changes nothing', async () => {
    const { workspace, invoiceId } = await paid45();
    const tooMuch = await refund(workspace.id, invoiceId, { amount: 4501, reason: 'other' });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error).toMatchObject({
      code: 'refund_exceeds_refundable',
      param: 'amount',
      message: expect.stringContaining('$45.00 left to refund'),
    });
    expect(await cardRefunds(invoiceId)).toEqual([]);
    expect(await creditNotesOf(workspace.id, invoiceId)).toEqual([]);
  });

  it('bad input is a 400 naming the field', async () => {
    const { workspace, invoiceId } = await paid45();
    for (const [body, field] of [
      [{ amount: 0, reason: 'other' }, 'amount'],
      [{ amount: 12.5, reason: 'other' }, 'amount'],
      [{ reason: 'because' }, 'reason'],
      [{ reason: 'other', to: 'bank' }, 'to'],
      [{ reason: 'other', extra: 1 }, 'extra'],
    ] as const) {
      const response = await refund(workspace.id, invoiceId, body);
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json().error)).toContain(field);
    }
    expect(await cardRefunds(invoiceId)).toEqual([]);
  });

  it('an open invoice cannot be refunded; a draft or another workspace’s invoice is not found', async () => {
    const workspace = await createWorkspaceAs(billfold, owner);
    const invoiceId = await draftInvoice(billfold, workspace.id);
    const draft = await refund(workspace.id, invoiceId, { reason: 'other' });
    expect(draft.statusCode).toBe(404);
    const issued = await call(billfold, 'POST', `/v1/workspaces/${workspace.id}/invoices`, {
      as: owner,
      body: { lines: [{ description: 'Consulting', quantity: 1, unitAmount: 4500 }] },
    });
    expect(issued.json()).toMatchObject({ status: 'open' });
    const open = await refund(workspace.id, issued.json().id, { reason: 'other' });
    expect(open.statusCode).toBe(409);
    expect(open.json().error).toMatchObject({ code: 'invoice_not_refundable' });
    expect(open.json().error.message).toContain('only a paid invoice can be refunded');
    const other = await paid45();
    const elsewhere = await refund(workspace.id, other.invoiceId, { reason: 'other' });
    expect(elsewhere.statusCode).toBe(404);
    expect(await cardRefunds(other.invoiceId)).toEqual([]);
  });

  it('a member without the billing permission is refused', async () => {
    const { workspace, invoiceId } = await paid45();
    const member = await signUp(billfold, 'member');
    await addMember(billfold, workspace, owner, member, 'member');
    const refused = await refund(workspace.id, invoiceId, { reason: 'other' }, undefined, member);
    expect(refused.statusCode).toBe(403);
    const list = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/credit-notes`, { as: member });
    expect(list.statusCode).toBe(403);
    expect(await cardRefunds(invoiceId)).toEqual([]);
  });

  it('two concurrent refunds of $30.00 on a $45.00 invoice: one is refunded, the other refused', async () => {
    const { workspace, invoiceId } = await paid45();
    const answers = await Promise.all([
      refund(workspace.id, invoiceId, { amount: 3000, reason: 'other' }),
      refund(workspace.id, invoiceId, { amount: 3000, reason: 'other' }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expect(await cardRefunds(invoiceId)).toEqual([3000]);
    expect((await creditNotesOf(workspace.id, invoiceId)).map((note) => note.total)).toEqual([3000]);
  });

  it('a crash after the gateway refunded: after recovery the card is refunded once and one credit note exists', async () => {
    const { workspace, invoiceId } = await paid45();
    crashes.crashNextRefund('after_refund');
    const crashed = await refund(workspace.id, invoiceId, { amount: 2250, reason: 'requested_by_customer' });
    expect(crashed.statusCode).toBe(503);
    expect(await creditNotesOf(workspace.id, invoiceId)).toEqual([]);
    // The pending refund still counts: the rest is $22.50, not $45.00.
    const over = await refund(workspace.id, invoiceId, { amount: 2251, reason: 'other' });
    expect(over.statusCode).toBe(409);

    expect(await recoverPendingRefunds(billfold.deps)).toEqual({ settled: 0 });
    billfold.clock.advance(pendingRefundGracePeriod);
    billfold.clock.advance({ seconds: 1 });
    await Promise.all([recoverPendingRefunds(billfold.deps), recoverPendingRefunds(billfold.deps)]);
    expect(await recoverPendingRefunds(billfold.deps)).toEqual({ settled: 0 });

    expect(await cardRefunds(invoiceId)).toEqual([2250]);
    const notes = await creditNotesOf(workspace.id, invoiceId);
    expect(notes).toMatchObject([{ total: 2250 }]);
  });

  it('a refund whose process died before recording it is finished by the recovery job, refunding the card once', async () => {
    const { workspace, invoiceId } = await paid45();
    crashes.crashNextRefund('process_dies');
    void refund(workspace.id, invoiceId, { amount: 1000, reason: 'other' }, 'refund-key-1');
    await expect
      .poll(
        async () =>
          (await billfold.deps.db.selectFrom('refund').select('id').where('invoice_id', '=', invoiceId).execute())
            .length,
      )
      .toBe(1);
    billfold.clock.advance({ minutes: 5 });
    expect(await recoverPendingRefunds(billfold.deps)).toEqual({ settled: 1 });
    expect(await cardRefunds(invoiceId)).toEqual([1000]);
    expect(await creditNotesOf(workspace.id, invoiceId)).toMatchObject([{ total: 1000 }]);
  });
});

describe('credit notes', () => {
  it('are listed newest first by keyset pages, and read one by one, as PDF and on their hosted page', async () => {
    const { workspace, invoiceId } = await paid45();
    for (const amount of [1000, 1100, 1200]) {
      expect((await refund(workspace.id, invoiceId, { amount, reason: 'other' })).statusCode).toBe(201);
    }
    const first = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/credit-notes?limit=2`, { as: owner });
    expect(first.json().data.map((note: { total: number }) => note.total)).toEqual([1200, 1100]);
    expect(first.json().hasMore).toBe(true);
    const after = first.json().data[1].id;
    const second = await call(
      billfold,
      'GET',
      `/v1/workspaces/${workspace.id}/credit-notes?limit=2&startingAfter=${after}`,
      {
        as: owner,
      },
    );
    expect(second.json()).toMatchObject({ data: [{ total: 1000 }], hasMore: false });

    const note = second.json().data[0];
    const one = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/credit-notes/${note.id}`, { as: owner });
    expect(one.json()).toMatchObject({ id: note.id, number: note.number, total: 1000 });
    const pdf = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/credit-notes/${note.id}/pdf`, {
      as: owner,
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(`${note.number}.pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const hosted = await billfold.app.inject({ method: 'GET', url: new URL(note.hostedUrl).pathname });
    expect(hosted.statusCode).toBe(200);
    expect(hosted.body).toContain(`Credit note ${note.number}`);
    expect(hosted.body).toContain('$10.00');
    expect(hosted.body).toContain('was refunded to the card');
    const hostedPdf = await billfold.app.inject({ method: 'GET', url: `${new URL(note.hostedUrl).pathname}/pdf` });
    expect(hostedPdf.headers['content-type']).toBe('application/pdf');
    const bad = await billfold.app.inject({ method: 'GET', url: '/credit-notes/not-a-token' });
    expect(bad.statusCode).toBe(404);
  });

  it('an issued credit note cannot be changed or deleted', async () => {
    const { workspace, invoiceId } = await paid45();
    const note = (await refund(workspace.id, invoiceId, { amount: 500, reason: 'other' })).json();
    await expect(
      billfold.deps.db.updateTable('credit_note').set({ total: 1 }).where('id', '=', note.id).execute(),
    ).rejects.toThrow(/cannot change/);
    await expect(billfold.deps.db.deleteFrom('credit_note').where('id', '=', note.id).execute()).rejects.toThrow(
      /never deleted/,
    );
    const again = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/credit-notes/${note.id}`, { as: owner });
    expect(again.json().total).toBe(500);
  });
});
