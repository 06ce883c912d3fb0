// The demo's credits workspace: "Globex Labs" on Flex Credits, owned by the demo owner, with a Visa test card,
// a 5,000-credit pack bought three weeks ago and three weeks of metered use by its product (an API key), so
// the Credits section shows a balance, the period's use and a usage chart from the first start.
import { Temporal } from 'temporal-polyfill';
import type { WorkspaceAccess } from '../billing/access/authorize.ts';
import { createApiKey } from '../billing/api-keys/create-api-key.ts';
import { consumeCredits } from '../billing/credits/consume-credits.ts';
import { purchaseCredits } from '../billing/credits/purchase-credits.ts';
import type { BillingDeps } from '../billing/deps.ts';
import { attachPaymentMethod } from '../billing/payment-methods/attach-payment-method.ts';
import { changeSubscription } from '../billing/subscriptions/change-subscription.ts';
import { createWorkspace } from '../billing/workspaces/create-workspace.ts';
import { fixedClock } from '../domain/clock.ts';
import { tokenizeCard } from '../gateways/sandbox/sandbox-gateway.ts';

export const demoCreditsWorkspace = { name: 'Globex Labs', slug: 'globex' };

const usageDays = 21;

export async function seedDemoCredits(
  deps: BillingDeps,
  owner: { userId: string; email: string; name: string },
): Promise<void> {
  const now = deps.clock.now();
  const daysAgo = (days: number, hour = 9) =>
    Temporal.Instant.fromEpochMilliseconds(
      now.toZonedDateTimeISO('UTC').startOfDay().subtract({ days }).add({ hours: hour }).epochMilliseconds,
    );
  const started = { ...deps, clock: fixedClock(daysAgo(usageDays, 8)) };
  const workspace = await createWorkspace(started, { ownerUserId: owner.userId, ...demoCreditsWorkspace });
  const access: WorkspaceAccess = {
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    actor: { kind: 'user', ...owner },
    principal: { kind: 'member', role: { kind: 'built_in', name: 'owner' } },
    memberId: null,
  };
  const nextYear = now.toZonedDateTimeISO('UTC').year + 1;
  const token = await tokenizeCard(deps, { number: '4242424242424242', expMonth: 9, expYear: nextYear, cvc: '123' });
  if (!token.ok) throw new Error(`demo card refused: ${token.problem.message}`);
  await attachPaymentMethod(started, access, { token: token.token.id, makeDefault: true, clientAddress: null });
  await changeSubscription(started, access, { plan: 'flex' });
  await purchaseCredits(started, access, { pack: 'credits_5000' });

  const key = await createApiKey(started, access, { name: 'Globex product' });
  const product: WorkspaceAccess = {
    ...access,
    actor: { kind: 'api_key', keyId: key.id, workspace: access.workspace, scopes: key.scopes },
    principal: { kind: 'api_key', scopes: key.scopes },
  };
  // A weekday rhythm: busier mid-week, quiet at weekends; about 2,600 credits in three weeks.
  for (let day = usageDays - 1; day >= 0; day--) {
    const at = daysAgo(day, 14);
    const weekday = at.toZonedDateTimeISO('UTC').dayOfWeek;
    const credits = weekday >= 6 ? 20 + (day % 3) * 10 : 90 + ((day * 37) % 80);
    await consumeCredits({ ...deps, clock: fixedClock(at) }, product, {
      amount: credits,
      description: 'Report generation',
      metadata: { reports: Math.ceil(credits / 10) },
      idempotencyKey: `demo-usage-${at.toString()}`,
    });
  }
}
