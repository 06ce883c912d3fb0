// Reads a workspace's billing details, as a view and as the snapshot a finalized invoice keeps.

import type { BillfoldDb } from '../../db/connection.ts';
import type { InvoiceBuyerSnapshot } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { findBillingDetails } from './billing-details.queries.ts';
import { type BillingDetailsView, noBillingDetails } from './billing-details-view.ts';

export async function loadBillingDetails(
  db: BillfoldDb | BillfoldTransaction,
  workspaceId: string,
): Promise<BillingDetailsView> {
  const saved = await findBillingDetails(db, workspaceId);
  if (!saved) return noBillingDetails;
  return { ...saved.buyer, updatedAt: saved.updatedAt };
}

/** What an invoice finalized now prints as its buyer, or null when no details were ever saved. */
export async function loadBuyerSnapshot(
  trx: BillfoldTransaction,
  workspaceId: string,
): Promise<InvoiceBuyerSnapshot | null> {
  const saved = await findBillingDetails(trx, workspaceId);
  return saved ? saved.buyer : null;
}
