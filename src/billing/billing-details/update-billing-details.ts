// Saves the workspace's billing details; invoices finalized from now on print them (earlier ones keep theirs).
import { inTransaction, lockWorkspaceBilling } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { auditActorOf } from '../access/actor.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { recordEvent } from '../events/record-event.ts';
import type { BillingDetailsInput, BillingDetailsView } from './billing-details-view.ts';
import { loadBillingDetails } from './load-billing-details.ts';

export async function updateBillingDetails(
  deps: BillingDeps,
  access: WorkspaceAccess,
  input: BillingDetailsInput,
): Promise<BillingDetailsView> {
  const workspaceId = access.workspace.id;
  return inTransaction(deps.db, async (trx) => {
    await lockWorkspaceBilling(trx, workspaceId);
    const before = await loadBillingDetails(trx, workspaceId);
    const now = toDate(deps.clock.now());
    const columns = {
      legal_name: input.legalName,
      email: input.email,
      address_line1: input.addressLine1,
      address_line2: input.addressLine2,
      city: input.city,
      postal_code: input.postalCode,
      region: input.region,
      country: input.country,
      tax_id: input.taxId,
      updated_at: now,
    };
    await trx
      .insertInto('billing_details')
      .values({ workspace_id: workspaceId, ...columns })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet(columns))
      .execute();
    const after: BillingDetailsView = { ...input, updatedAt: now };
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'billing_details.updated',
      targetId: workspaceId,
      before,
      after,
    });
    await recordEvent(trx, deps.clock, { workspaceId, type: 'billing_details.updated', data: after });
    return after;
  });
}
