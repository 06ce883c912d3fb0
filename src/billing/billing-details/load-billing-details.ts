// Reads a workspace's billing details, as a view and as the snapshot a finalized invoice keeps.

import type { BillfoldDb } from '../../db/connection.ts';
import type { InvoiceBuyerSnapshot } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { findBillingDetails, findBillingDetailsOf } from './billing-details.queries.ts';
import { type BillingDetailsView, noBillingDetails } from './billing-details-view.ts';

export async function loadBillingDetails(
  db: BillfoldDb | BillfoldTransaction,
  workspaceId: string,
): Promise<BillingDetailsView> {
  const saved = await findBillingDetails(db, workspaceId);
  if (!saved) return noBillingDetails;
  return { ...saved.buyer, updatedAt: saved.updatedAt };
}

/** What invoices finalized now print as their buyer, by workspace; absent when no details were ever saved. */
export async function loadBuyerSnapshots(
  trx: BillfoldTransaction,
  workspaceIds: readonly string[],
): Promise<Map<string, InvoiceBuyerSnapshot>> {
  const saved = await findBillingDetailsOf(trx, [...new Set(workspaceIds)]);
  return new Map([...saved].map(([workspaceId, details]) => [workspaceId, details.buyer]));
}
