// `billfold webhooks add | list | enable | disable | replay`: an operator manages a workspace's webhook endpoints
// from the terminal, through the same use cases as the API, audited as the system.
import type { WorkspaceRef } from './billing/access/resolve-workspace.ts';
import type { BillingDeps } from './billing/deps.ts';
import { createWebhookEndpoint } from './billing/webhooks/create-endpoint.ts';
import type { EndpointManager } from './billing/webhooks/endpoint-manager.ts';
import type { EndpointView } from './billing/webhooks/endpoint-view.ts';
import { listWebhookEndpoints } from './billing/webhooks/list-endpoints.ts';
import { replayWebhookDelivery } from './billing/webhooks/replay-delivery.ts';
import { updateWebhookEndpoint } from './billing/webhooks/update-endpoint.ts';
import { systemActor } from './domain/access/actor.ts';

export const webhooksUsage = `  webhooks add <workspace> --url <URL> [--events <type,type>] [--description <text>]
                   add a webhook endpoint (every event type without --events); prints its secret once
  webhooks list <workspace>
                   the workspace's webhook endpoints
  webhooks disable|enable <workspace> <endpoint>
                   stop (or resume) sending to an endpoint
  webhooks replay <workspace> <delivery>
                   send a delivery's event again to its endpoint
`;

interface WebhooksOptions {
  url?: string | undefined;
  events?: string | undefined;
  description?: string | undefined;
}

export interface WebhooksCommand {
  workspace: string;
  against(deps: BillingDeps, workspace: WorkspaceRef): Promise<number>;
}

/** The command the arguments (after `webhooks`) name, or null when it is incomplete. */
export function runWebhooksCommand(args: readonly string[], options: WebhooksOptions): WebhooksCommand | null {
  const [action, workspace, target] = args;
  if (!workspace) return null;
  const managerOf = (ws: WorkspaceRef): EndpointManager => ({ workspace: ws, actor: systemActor });
  switch (action) {
    case 'add': {
      const url = options.url;
      if (!url) return null;
      const eventTypes = options.events ? options.events.split(',').map((type) => type.trim()) : [];
      return {
        workspace,
        async against(deps, ws) {
          const created = await createWebhookEndpoint(deps, managerOf(ws), {
            url,
            eventTypes: eventTypes.filter((type) => type !== ''),
            description: options.description,
          });
          console.log(`Added ${created.id} to ${ws.name}: ${created.url} (${eventsOf(created)}).`);
          console.log(`Signing secret (shown once, keep it safe): ${created.secret}`);
          return 0;
        },
      };
    }
    case 'list':
      return {
        workspace,
        async against(deps, ws) {
          const endpoints: EndpointView[] = [];
          for (let after: string | undefined, more = true; more; ) {
            const page = await listWebhookEndpoints(deps, managerOf(ws), { limit: 100, startingAfter: after });
            endpoints.push(...page.data);
            after = page.data.at(-1)?.id;
            more = page.hasMore;
          }
          if (endpoints.length === 0) console.log(`${ws.name} has no webhook endpoints.`);
          for (const e of endpoints) console.log(`${e.id}  ${e.status.padEnd(8)}  ${e.url}  ${eventsOf(e)}`);
          return 0;
        },
      };
    case 'disable':
    case 'enable': {
      if (!target) return null;
      const enabled = action === 'enable';
      return {
        workspace,
        async against(deps, ws) {
          const endpoint = await updateWebhookEndpoint(deps, managerOf(ws), target, { enabled });
          console.log(`${endpoint.id} (${endpoint.url}) is ${endpoint.status}.`);
          return 0;
        },
      };
    }
    case 'replay': {
      if (!target) return null;
      return {
        workspace,
        async against(deps, ws) {
          const replay = await replayWebhookDelivery(deps, managerOf(ws), target, null);
          console.log(
            `Replaying ${replay.eventType} ${replay.eventId} to ${replay.endpointId} as ${replay.id} ` +
              `(replay of ${target}).`,
          );
          return 0;
        },
      };
    }
    default:
      return null;
  }
}

function eventsOf(endpoint: EndpointView): string {
  return endpoint.eventTypes.length === 0 ? 'every event type' : endpoint.eventTypes.join(', ');
}
