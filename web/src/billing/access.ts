// What the signed-in user may do with a workspace's billing, as the server's workspace list says (the server still
// checks each request): see Plan & Billing, and buy credits where the plan is Flex.
import type { Workspace } from '../api.ts';

export function seesBilling(workspace: Workspace | undefined): boolean {
  return workspace?.permissions.includes('billing:view') ?? false;
}

/** Flex sells prepaid credits; only billing managers buy them. */
export function buysCredits(workspace: Workspace | undefined): boolean {
  return workspace?.plan.kind === 'credits' && workspace.permissions.includes('billing:manage');
}
