// rotateWebhookEndpointSecret: a new signing secret, answered this once; the one it replaces stays valid for 24
// hours (deliveries carry a signature by each), so a receiver can switch over without refusing a delivery.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import type { EndpointManager } from './endpoint-manager.ts';
import { newEndpointSecret, previousSecretGrace } from './endpoint-secret.ts';
import { type EndpointWithSecret, endpointViewOf } from './endpoint-view.ts';
import { existingEndpoint } from './list-endpoints.ts';
import { rotateSecret } from './webhook-endpoints.queries.ts';

export async function rotateWebhookEndpointSecret(
  deps: BillingDeps,
  by: EndpointManager,
  endpointId: string,
): Promise<EndpointWithSecret> {
  const secret = newEndpointSecret();
  const sealed = deps.webhooks.secrets.seal(secret);
  return inTransaction(deps.db, async (trx) => {
    await existingEndpoint(trx, by.workspace.id, endpointId, { lock: true });
    const now = deps.wallClock.now();
    const previousUntil = toDate(now.add(previousSecretGrace));
    const endpoint = await rotateSecret(trx, endpointId, sealed, previousUntil, toDate(now));
    await recordAudit(trx, deps.wallClock, {
      workspaceId: by.workspace.id,
      actor: by.actor,
      action: 'webhook_endpoint.secret_rotated',
      targetId: endpointId,
      // Never a secret: only when the one rotated out stops working.
      after: { previousSecretExpiresAt: previousUntil.toISOString() },
    });
    return { ...endpointViewOf(endpoint, toDate(now)), secret };
  });
}
