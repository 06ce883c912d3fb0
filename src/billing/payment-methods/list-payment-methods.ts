// The workspace's saved cards (removed ones excluded), oldest first; ids are time-sortable, so keyset pages follow them.

import type { Page, PageRequest } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type PaymentMethodView, paymentMethodView } from './payment-method-view.ts';
import { findDefaultPaymentMethodId, listSavedCards } from './payment-methods.queries.ts';

export async function listPaymentMethods(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<PaymentMethodView>> {
  const workspaceId = access.workspace.id;
  const defaultId = await findDefaultPaymentMethodId(deps.db, workspaceId);
  const { data, hasMore } = await listSavedCards(deps.db, workspaceId, page);
  return { data: data.map((card) => paymentMethodView(card, defaultId)), hasMore };
}
