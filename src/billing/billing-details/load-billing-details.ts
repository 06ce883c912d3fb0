// Reads a workspace's billing details, as a view and as the snapshot a finalized invoice keeps.

import type { Selectable } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillingDetailsTable, InvoiceBuyerSnapshot } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { type BillingDetailsView, noBillingDetails } from './billing-details-view.ts';

type BillingDetailsRow = Selectable<BillingDetailsTable>;

async function loadRow(
  db: BillfoldDb | BillfoldTransaction,
  workspaceId: string,
): Promise<BillingDetailsRow | undefined> {
  return db.selectFrom('billing_details').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function loadBillingDetails(
  db: BillfoldDb | BillfoldTransaction,
  workspaceId: string,
): Promise<BillingDetailsView> {
  const row = await loadRow(db, workspaceId);
  if (!row) return noBillingDetails;
  return { ...buyerSnapshotOf(row), updatedAt: row.updated_at };
}

/** What an invoice finalized now prints as its buyer, or null when no details were ever saved. */
export async function loadBuyerSnapshot(
  trx: BillfoldTransaction,
  workspaceId: string,
): Promise<InvoiceBuyerSnapshot | null> {
  const row = await loadRow(trx, workspaceId);
  return row ? buyerSnapshotOf(row) : null;
}

function buyerSnapshotOf(row: BillingDetailsRow): InvoiceBuyerSnapshot {
  return {
    legalName: row.legal_name,
    email: row.email,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    city: row.city,
    postalCode: row.postal_code,
    region: row.region,
    country: row.country,
    taxId: row.tax_id,
  };
}
