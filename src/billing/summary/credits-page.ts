// GET /credits: the Credits section, read against the workspace's plan, clock and live subscription.
import type { WorkspaceAccess } from '../access/authorize.ts';
import { type CreditsView, creditsViewOf } from '../credits/credits-view.ts';
import type { BillingDeps } from '../deps.ts';
import { liveSubscription } from '../subscriptions/subscriptions.queries.ts';
import { readWorkspace } from '../workspaces/lock-workspace.ts';

export async function getCredits(deps: BillingDeps, access: WorkspaceAccess): Promise<CreditsView> {
  const { billing, deps: workspaceDeps } = await readWorkspace(deps.db, deps, access.workspace.id);
  const subscription = await liveSubscription(deps.db, access.workspace.id);
  return creditsViewOf(workspaceDeps, { workspaceId: access.workspace.id, planId: billing.planId, subscription });
}
