// updateWebhookEndpoint: changes an endpoint's URL (checked again by the SSRF guard), event types, description or
// whether it is enabled. Enabling it again, or pointing it elsewhere, clears its failing mark: a fresh start.
// Disabling it parks its waiting deliveries; enabling it sends them at once.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { checkedDescription, checkedEventTypes, checkedUrl } from './endpoint-input.ts';
import type { EndpointManager } from './endpoint-manager.ts';
import { type EndpointView, endpointViewOf } from './endpoint-view.ts';
import { existingEndpoint } from './list-endpoints.ts';
import {
  type EndpointChanges,
  setWaitingDeliveriesDue,
  updateEndpoint,
  type WebhookEndpoint,
} from './webhook-endpoints.queries.ts';

export interface EndpointUpdate {
  url?: string | undefined;
  /** Empty: every event type. */
  eventTypes?: readonly string[] | undefined;
  description?: string | undefined;
  enabled?: boolean | undefined;
}

const fields = ['url', 'description', 'eventTypes', 'enabled'] as const;

export async function updateWebhookEndpoint(
  deps: BillingDeps,
  by: EndpointManager,
  endpointId: string,
  input: EndpointUpdate,
): Promise<EndpointView> {
  const wanted: EndpointChanges = {};
  if (input.eventTypes !== undefined) wanted.eventTypes = checkedEventTypes(input.eventTypes);
  if (input.description !== undefined) wanted.description = checkedDescription(input.description);
  if (input.enabled !== undefined) wanted.enabled = input.enabled;
  // The endpoint is found before the URL is resolved: another workspace's endpoint is a 404, not a DNS lookup.
  await existingEndpoint(deps.db, by.workspace.id, endpointId);
  if (input.url !== undefined) wanted.url = await checkedUrl(input.url, deps.webhooks);

  return inTransaction(deps.db, async (trx) => {
    const before = await existingEndpoint(trx, by.workspace.id, endpointId, { lock: true });
    const changed = fields.filter((field) => wanted[field] !== undefined && !sameValue(before, field, wanted));
    const at = toDate(deps.wallClock.now());
    if (changed.length === 0) return endpointViewOf(before, at);
    const changes: EndpointChanges = Object.fromEntries(changed.map((field) => [field, wanted[field]]));
    const freshStart = (changes.enabled === true || changes.url !== undefined) && before.failingSince !== null;
    if (freshStart) changes.failingSince = null;
    const after = await updateEndpoint(trx, endpointId, changes, at);
    if (changes.enabled !== undefined) await setWaitingDeliveriesDue(trx, endpointId, changes.enabled ? at : null);
    await recordAudit(trx, deps.wallClock, {
      workspaceId: by.workspace.id,
      actor: by.actor,
      action: 'webhook_endpoint.updated',
      targetId: endpointId,
      before: Object.fromEntries(changed.map((field) => [field, before[field]])),
      after: Object.fromEntries(changed.map((field) => [field, after[field]])),
    });
    return endpointViewOf(after, at);
  });
}

function sameValue(endpoint: WebhookEndpoint, field: (typeof fields)[number], wanted: EndpointChanges): boolean {
  if (field === 'eventTypes') return JSON.stringify(endpoint.eventTypes) === JSON.stringify(wanted.eventTypes);
  return endpoint[field] === wanted[field];
}
