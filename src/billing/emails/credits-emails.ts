// The emails of a credit balance: it fell below the low-balance mark, or reached zero (one email, not both,
// when one debit does both). One per event.
import { findLowBalanceThreshold } from './email-causes.queries.ts';
import { billingPageUrl, type EmailContext } from './email-context.ts';
import { enqueueEmail } from './enqueue-email.ts';
import { numberOf } from './event-facts.ts';
import { creditsDepletedEmail } from './templates/credits-depleted.ts';
import { creditsLowEmail } from './templates/credits-low.ts';

export async function enqueueCreditsLowEmail(context: EmailContext): Promise<void> {
  const { trx, deps, event, workspace } = context;
  // The payload is the ledger entry that crossed the line: its balanceAfter is the balance.
  const balance = numberOf(event, 'balanceAfter') ?? 0;
  // A change that took the balance to zero is also credits.depleted: one email says it.
  if (balance <= 0) return;
  const email = await creditsLowEmail({
    workspaceName: workspace.name,
    balance,
    threshold: await findLowBalanceThreshold(trx, workspace.id),
    billingUrl: billingPageUrl(deps, workspace),
  });
  await enqueueEmail(trx, deps, {
    workspaceId: workspace.id,
    kind: 'credits_low',
    causeId: event.id,
    to: context.to,
    email,
  });
}

export async function enqueueCreditsDepletedEmail(context: EmailContext): Promise<void> {
  const { trx, deps, event, workspace } = context;
  const email = await creditsDepletedEmail({
    workspaceName: workspace.name,
    billingUrl: billingPageUrl(deps, workspace),
  });
  await enqueueEmail(trx, deps, {
    workspaceId: workspace.id,
    kind: 'credits_depleted',
    causeId: event.id,
    to: context.to,
    email,
  });
}
