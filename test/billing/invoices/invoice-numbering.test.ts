// Invoice numbers are gap-less and unique under concurrent finalization, and a finalized invoice cannot change.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalizeInvoice } from '../../../src/billing/invoices/finalize-invoice.ts';
import { lockWorkspace } from '../../../src/billing/workspaces/lock-workspace.ts';
import { inTransaction } from '../../../src/db/transaction.ts';
import { draftInvoice } from '../../support/billing-fixtures.ts';
import { createWorkspaceAs, signUp, startTestBillfold, type TestBillfold } from '../../support/test-billfold.ts';

let billfold: TestBillfold;

beforeAll(async () => {
  billfold = await startTestBillfold({ BILLFOLD_INVOICE_PREFIX: 'ACME' });
});
afterAll(async () => billfold.close());

function sequenceOf(number: string | null): number {
  const match = /^ACME-(\d{6,})$/.exec(number ?? '');
  if (!match?.[1]) throw new Error(`not an ACME invoice number: ${number}`);
  return Number(match[1]);
}

describe('invoice numbers', () => {
  it('50 concurrent finalizations across workspaces take numbers 1…50 with no gap and no repeat', async () => {
    const owner = await signUp(billfold, 'owner');
    const workspaces = await Promise.all(Array.from({ length: 5 }, () => createWorkspaceAs(billfold, owner)));
    const drafts = await Promise.all(
      Array.from({ length: 50 }, (_, index) => draftInvoice(billfold, workspaces[index % 5]?.id ?? '')),
    );
    // Some finalizations roll back (like a failed payment step would): they must give their number back.
    const outcomes = await Promise.allSettled(
      drafts.map((invoiceId, index) =>
        inTransaction(billfold.deps.db, async (trx) => {
          const invoice = await trx
            .selectFrom('invoice')
            .select('workspace_id')
            .where('id', '=', invoiceId)
            .executeTakeFirstOrThrow();
          await lockWorkspace(trx, billfold.deps, invoice.workspace_id);
          const finalized = await finalizeInvoice(trx, billfold.deps, invoiceId);
          if (index % 10 === 3) throw new Error('rolled back after taking a number');
          return finalized;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(5);
    const rows = await billfold.deps.db
      .selectFrom('invoice')
      .select(['id', 'number', 'status'])
      .where('id', 'in', drafts)
      .execute();
    const finalized = rows.filter((row) => row.status === 'open');
    expect(finalized).toHaveLength(45);
    expect(rows.filter((row) => row.status === 'draft' && row.number === null)).toHaveLength(5);
    const sequences = finalized.map((row) => sequenceOf(row.number)).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 45 }, (_, index) => index + 1));
  });

  it('numbers increase in the order invoices are finalized', async () => {
    const owner = await signUp(billfold, 'owner');
    const workspace = await createWorkspaceAs(billfold, owner);
    const numbers: number[] = [];
    for (let i = 0; i < 3; i++) {
      const invoiceId = await draftInvoice(billfold, workspace.id);
      const { number } = await inTransaction(billfold.deps.db, async (trx) => {
        await lockWorkspace(trx, billfold.deps, workspace.id);
        return finalizeInvoice(trx, billfold.deps, invoiceId);
      });
      numbers.push(sequenceOf(number));
    }
    expect(numbers[1]).toBe((numbers[0] ?? 0) + 1);
    expect(numbers[2]).toBe((numbers[0] ?? 0) + 2);
  });
});

describe('a finalized invoice', () => {
  it('refuses any change to its amounts, number or lines, even by direct SQL', async () => {
    const owner = await signUp(billfold, 'owner');
    const workspace = await createWorkspaceAs(billfold, owner);
    const invoiceId = await draftInvoice(billfold, workspace.id);
    await inTransaction(billfold.deps.db, async (trx) => {
      await lockWorkspace(trx, billfold.deps, workspace.id);
      await finalizeInvoice(trx, billfold.deps, invoiceId);
    });
    await expect(
      billfold.deps.db.updateTable('invoice').set({ total: 1 }).where('id', '=', invoiceId).execute(),
    ).rejects.toThrow(/finalized/);
    await expect(
      billfold.deps.db.updateTable('invoice').set({ number: 'ACME-999999' }).where('id', '=', invoiceId).execute(),
    ).rejects.toThrow(/finalized/);
    await expect(
      billfold.deps.db.updateTable('invoice_line').set({ amount: 1 }).where('invoice_id', '=', invoiceId).execute(),
    ).rejects.toThrow(/finalized/);
    await expect(
      billfold.deps.db.deleteFrom('invoice_line').where('invoice_id', '=', invoiceId).execute(),
    ).rejects.toThrow(/finalized/);
    await expect(
      sql`update invoice set status = 'draft' where id = ${invoiceId}`.execute(billfold.deps.db),
    ).rejects.toThrow(/finalized/);
    const row = await billfold.deps.db
      .selectFrom('invoice')
      .select(['total', 'status'])
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ total: 3600, status: 'open' });
    // Moving it along its lifecycle is allowed.
    await billfold.deps.db
      .updateTable('invoice')
      .set({ status: 'void', voided_at: new Date() })
      .where('id', '=', invoiceId)
      .execute();
  });
});
