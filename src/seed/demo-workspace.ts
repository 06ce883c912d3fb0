// Seeds the demo: an owner, a billing manager and a member in the "Acme" workspace (all 3 Free seats used),
// with its billing history (see demo-billing.ts), the owner's "Globex Labs" on Flex Credits (demo-credits.ts), and
// the promotion code WELCOME20 (demo-promotion-code.ts).
// Running it again changes nothing.
import type { Auth } from '../auth/auth.ts';
import type { BillingDeps } from '../billing/deps.ts';
import { insertMember } from '../billing/members/members.queries.ts';
import { createWorkspace } from '../billing/workspaces/create-workspace.ts';
import { toDate } from '../domain/clock.ts';
import { newId } from '../domain/ids.ts';
import { seedDemoBilling } from './demo-billing.ts';
import { seedDemoCredits } from './demo-credits.ts';
import { seedDemoPromotionCode } from './demo-promotion-code.ts';
import { workspaceWithSlugExists } from './seed.queries.ts';

export const demoPassword = 'billfold-demo';
export const demoUsers = [
  { email: 'owner@demo.billfold.dev', name: 'Olivia Owner', role: 'owner' },
  { email: 'billing@demo.billfold.dev', name: 'Bill Manager', role: 'billing' },
  { email: 'member@demo.billfold.dev', name: 'Max Member', role: 'member' },
] as const;
export const demoWorkspace = { name: 'Acme Inc.', slug: 'acme' };

export async function seedDemo(deps: BillingDeps, auth: Auth): Promise<{ seeded: boolean }> {
  if (await workspaceWithSlugExists(deps.db, demoWorkspace.slug)) return { seeded: false };

  const userIds: string[] = [];
  for (const user of demoUsers) {
    const result = await auth.api.signUpEmail({ body: { email: user.email, password: demoPassword, name: user.name } });
    userIds.push(result.user.id);
  }
  const [ownerId, ...others] = userIds;
  if (!ownerId) throw new Error('demo owner was not created');
  const workspace = await createWorkspace(deps, { ownerUserId: ownerId, ...demoWorkspace });
  const now = deps.clock.now();
  for (const [index, userId] of others.entries()) {
    await insertMember(deps.db, {
      id: newId('mem'),
      workspaceId: workspace.id,
      userId,
      role: demoUsers[index + 1]?.role ?? 'member',
      joinedAt: toDate(now),
    });
  }
  const owner = demoUsers[0];
  await seedDemoBilling(deps, {
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    actor: { kind: 'user', userId: ownerId, email: owner.email, name: owner.name },
    principal: { kind: 'member', role: { kind: 'built_in', name: 'owner' } },
    memberId: null,
  });
  await seedDemoCredits(deps, { userId: ownerId, email: owner.email, name: owner.name });
  await seedDemoPromotionCode(deps);
  return { seeded: true };
}
