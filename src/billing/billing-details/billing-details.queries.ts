// SQL for a workspace's billing details: read them as the buyer an invoice prints, and save (upsert) them.
import type { BillfoldDb } from '../../db/connection.ts';
import type { InvoiceBuyerSnapshot } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export interface SavedBillingDetails {
  buyer: InvoiceBuyerSnapshot;
  updatedAt: Date;
}

export async function findBillingDetails(
  db: BillfoldDb | BillfoldTransaction,
  workspaceId: string,
): Promise<SavedBillingDetails | undefined> {
  return (await findBillingDetailsOf(db, [workspaceId])).get(workspaceId);
}

/** Several workspaces' saved details, by workspace id (a workspace that never saved any is absent). */
export async function findBillingDetailsOf(
  db: BillfoldDb | BillfoldTransaction,
  workspaceIds: readonly string[],
): Promise<Map<string, SavedBillingDetails>> {
  if (workspaceIds.length === 0) return new Map();
  const rows = await db.selectFrom('billing_details').selectAll().where('workspace_id', 'in', workspaceIds).execute();
  return new Map(
    rows.map((row) => [
      row.workspace_id,
      {
        buyer: {
          legalName: row.legal_name,
          email: row.email,
          addressLine1: row.address_line1,
          addressLine2: row.address_line2,
          city: row.city,
          postalCode: row.postal_code,
          region: row.region,
          country: row.country,
          taxId: row.tax_id,
        },
        updatedAt: row.updated_at,
      },
    ]),
  );
}

/** Inserts the workspace's details, or replaces the saved ones. */
export async function saveBillingDetails(
  trx: BillfoldTransaction,
  workspaceId: string,
  details: InvoiceBuyerSnapshot,
  at: Date,
): Promise<void> {
  const columns = {
    legal_name: details.legalName,
    email: details.email,
    address_line1: details.addressLine1,
    address_line2: details.addressLine2,
    city: details.city,
    postal_code: details.postalCode,
    region: details.region,
    country: details.country,
    tax_id: details.taxId,
    updated_at: at,
  };
  await trx
    .insertInto('billing_details')
    .values({ workspace_id: workspaceId, ...columns })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(columns))
    .execute();
}
