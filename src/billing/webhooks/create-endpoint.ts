// createWebhookEndpoint: adds an endpoint that receives the workspace's events of the chosen types (all of them
// when none are chosen), with a new signing secret that is sealed before it is stored and answered this once.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { checkedDescription, checkedEventTypes, checkedUrl, maxEndpointsPerWorkspace } from './endpoint-input.ts';
import type { EndpointManager } from './endpoint-manager.ts';
import { newEndpointSecret } from './endpoint-secret.ts';
import { type EndpointWithSecret, endpointViewOf } from './endpoint-view.ts';
import { countEndpoints, insertEndpoint } from './webhook-endpoints.queries.ts';

export interface NewEndpoint {
  url: string;
  /** Left out or empty: every event type. */
  eventTypes?: readonly string[] | undefined;
  description?: string | undefined;
}

export async function createWebhookEndpoint(
  deps: BillingDeps,
  by: EndpointManager,
  input: NewEndpoint,
): Promise<EndpointWithSecret> {
  const eventTypes = checkedEventTypes(input.eventTypes ?? []);
  const description = checkedDescription(input.description ?? '');
  const url = await checkedUrl(input.url, deps.webhooks);
  const secret = newEndpointSecret();
  const secretSealed = deps.webhooks.secrets.seal(secret);
  return inTransaction(deps.db, async (trx) => {
    // The workspace lock makes the count and the insert one step: two concurrent creates cannot both pass it.
    await lockWorkspace(trx, deps, by.workspace.id);
    if ((await countEndpoints(trx, by.workspace.id)) >= maxEndpointsPerWorkspace) {
      throw new BillingError(
        'webhook_endpoint_conflict',
        `A workspace can have at most ${maxEndpointsPerWorkspace} webhook endpoints. Delete one you no longer use, ` +
          'or subscribe an existing endpoint to more event types.',
      );
    }
    const at = toDate(deps.wallClock.now());
    const endpoint = await insertEndpoint(trx, {
      id: newId('we'),
      workspaceId: by.workspace.id,
      url,
      description,
      eventTypes,
      secretSealed,
      at,
    });
    await recordAudit(trx, deps.wallClock, {
      workspaceId: by.workspace.id,
      actor: by.actor,
      action: 'webhook_endpoint.created',
      targetId: endpoint.id,
      after: { url, description, eventTypes, enabled: true },
    });
    return { ...endpointViewOf(endpoint, at), secret };
  });
}
