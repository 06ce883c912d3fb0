// A finalized invoice, its payments, the credit ledger and the audit log are never deleted: not by a
// statement on their own tables, and not by deleting the workspace they belong to (migration 0011).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustCredits } from '../../src/billing/credits/adjust-credits.ts';
import { systemActor } from '../../src/domain/access/actor.ts';
import { addCard, draftInvoice, payInvoiceAs, testCards } from '../support/billing-fixtures.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../support/test-billfold.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

/** A workspace with a paid invoice (and its payment), 100 adjusted credits and their audit entries. */
async function workspaceWithHistory() {
  const owner = await signUp(billfold, 'owner');
  const workspace = await createWorkspaceAs(billfold, owner);
  await addCard(billfold, owner, workspace.id, testCards.succeeds, true);
  const paidInvoiceId = await draftInvoice(billfold, workspace.id);
  expect((await payInvoiceAs(billfold, owner, workspace.id, paidInvoiceId)).statusCode).toBe(200);
  await adjustCredits(billfold.deps, workspace.id, { credits: 100, reason: 'welcome', actor: systemActor });
  return { owner, workspace, paidInvoiceId };
}

/** What the owner sees of the history: every part of it must still be there after any delete. */
async function historyAsSeenBy(owner: SignedInUser, workspaceId: string, paidInvoiceId: string) {
  const get = (path: string) => call(billfold, 'GET', `/v1/workspaces/${workspaceId}${path}`, { as: owner });
  const invoice = await get(`/invoices/${paidInvoiceId}`);
  const credits = await get('/credits');
  const ledger = await get('/credits/transactions');
  // No route lists the audit log yet: read it as `billfold verify` would.
  const audit = await billfold.deps.db
    .selectFrom('audit_log')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .execute();
  const attempts = await billfold.deps.db
    .selectFrom('payment_attempt')
    .select('status')
    .where('invoice_id', '=', paidInvoiceId)
    .execute();
  return {
    invoice: invoice.statusCode === 200 ? invoice.json().status : invoice.statusCode,
    balance: credits.statusCode === 200 ? credits.json().balance : credits.statusCode,
    ledgerEntries: ledger.statusCode === 200 ? ledger.json().data.length : ledger.statusCode,
    auditEntries: audit.length > 0,
    attempts: attempts.map((a) => a.status),
  };
}

const kept = { invoice: 'paid', balance: 100, ledgerEntries: 1, auditEntries: true, attempts: ['succeeded'] };

describe('billing history', () => {
  it('a paid invoice cannot be deleted; a draft can', async () => {
    const { owner, workspace, paidInvoiceId } = await workspaceWithHistory();
    const db = billfold.deps.db;
    await expect(db.deleteFrom('invoice').where('id', '=', paidInvoiceId).execute()).rejects.toThrow(/invoice/);
    expect(await historyAsSeenBy(owner, workspace.id, paidInvoiceId)).toEqual(kept);

    const draftId = await draftInvoice(billfold, workspace.id);
    await db.deleteFrom('invoice').where('id', '=', draftId).execute();
    const draft = await call(billfold, 'GET', `/v1/workspaces/${workspace.id}/invoices/${draftId}`, { as: owner });
    expect(draft.statusCode).toBe(404);
  });

  it.each(['payment_attempt', 'credit_transaction', 'credit_grant', 'audit_log'] as const)(
    'rows of %s cannot be deleted',
    async (table) => {
      const { owner, workspace, paidInvoiceId } = await workspaceWithHistory();
      await expect(
        billfold.deps.db.deleteFrom(table).where('workspace_id', '=', workspace.id).execute(),
      ).rejects.toThrow();
      expect(await historyAsSeenBy(owner, workspace.id, paidInvoiceId)).toEqual(kept);
    },
  );

  it('deleting the workspace fails instead of cascading to its history', async () => {
    const { owner, workspace, paidInvoiceId } = await workspaceWithHistory();
    await expect(
      billfold.deps.db.deleteFrom('organization').where('id', '=', workspace.id).execute(),
    ).rejects.toThrow();
    expect(await historyAsSeenBy(owner, workspace.id, paidInvoiceId)).toEqual(kept);
    const listed = await call(billfold, 'GET', '/v1/workspaces', { as: owner });
    expect(listed.json().data.map((w: { id: string }) => w.id)).toEqual([workspace.id]);
  });
});
