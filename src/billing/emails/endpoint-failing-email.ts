// Enqueues the "webhook endpoint failing" email to the workspace's billing recipients, inside the transaction
// that marks the endpoint failing; one email per time the endpoint turns failing.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingDeps } from '../deps.ts';
import { billingRecipients } from './billing-recipients.ts';
import { findEmailWorkspace } from './email-recipients.queries.ts';
import { enqueueEmail } from './enqueue-email.ts';
import { endpointFailingEmail } from './templates/endpoint-failing.ts';

export async function enqueueEndpointFailingEmail(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'access' | 'baseUrl' | 'wallClock'>,
  input: {
    workspaceId: string;
    endpointId: string;
    url: string;
    /** When the endpoint turned failing (its failing_since); the cause of the email with the endpoint id. */
    failingSince?: Date;
  },
): Promise<boolean> {
  const workspace = await findEmailWorkspace(trx, input.workspaceId);
  if (!workspace) return false;
  const to = await billingRecipients(trx, deps, input.workspaceId);
  const since = input.failingSince ?? new Date(deps.wallClock.now().epochMilliseconds);
  return enqueueEmail(trx, deps, {
    workspaceId: input.workspaceId,
    kind: 'endpoint_failing',
    // One email per turn to failing: an endpoint that recovers and fails again is told again.
    causeId: `${input.endpointId}:${since.toISOString()}`,
    to,
    email: await endpointFailingEmail({
      workspaceName: workspace.name,
      url: input.url,
      developersUrl: `${deps.baseUrl}/w/${encodeURIComponent(workspace.slug)}/developers`,
    }),
  });
}
