// The workspace's live subscription as the API shows it (null when it has none).
import type { BillingDeps } from '../deps.ts';
import { type SubscriptionView, subscriptionView } from './subscription-view.ts';
import { liveSubscription } from './subscriptions.queries.ts';

export async function currentSubscriptionView(
  deps: Pick<BillingDeps, 'db' | 'catalog'>,
  workspaceId: string,
): Promise<SubscriptionView | null> {
  const live = await liveSubscription(deps.db, workspaceId);
  return live ? subscriptionView(deps.db, deps.catalog, live) : null;
}
