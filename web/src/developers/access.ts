// What the signed-in user may do on the Developers page, as the server's workspace list says (the server still
// checks each request): manage API keys, manage webhook endpoints.
import type { Workspace } from '../api.ts';

interface DeveloperAccess {
  apiKeys: boolean;
  webhooks: boolean;
}

export function developerAccessOf(workspace: Workspace | undefined): DeveloperAccess {
  const permissions = workspace?.permissions ?? [];
  return { apiKeys: permissions.includes('api_keys:manage'), webhooks: permissions.includes('webhooks:manage') };
}

export function seesDevelopers(workspace: Workspace | undefined): boolean {
  const access = developerAccessOf(workspace);
  return access.apiKeys || access.webhooks;
}
