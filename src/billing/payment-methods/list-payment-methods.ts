// The workspace's saved cards (removed ones excluded), oldest first; ids are time-sortable, so keyset pages follow them.

import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type PaymentMethodView, paymentMethodView } from './payment-method-view.ts';

export async function listPaymentMethods(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<PaymentMethodView>> {
  const workspaceId = access.workspace.id;
  const billing = await deps.db
    .selectFrom('workspace_billing')
    .select('default_payment_method_id')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  let query = deps.db
    .selectFrom('payment_method')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .limit(page.limit + 1);
  if (page.startingAfter) query = query.where('id', '>', page.startingAfter);
  const rows = await query.execute();
  return toPage(
    rows.map((row) => paymentMethodView(row, billing.default_payment_method_id)),
    page.limit,
  );
}
