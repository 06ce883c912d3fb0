// The demo's promotion code, WELCOME20 (20% off Team or Pro for 3 months), so a newcomer can try a code on a new
// workspace's first subscription from the plan dialog.
import type { BillingDeps } from '../billing/deps.ts';
import { createCoupon } from '../billing/discounts/create-coupon.ts';
import { createPromotionCode } from '../billing/discounts/create-promotion-code.ts';

export const demoPromotionCode = 'WELCOME20';

export async function seedDemoPromotionCode(deps: BillingDeps): Promise<void> {
  const coupon = await createCoupon(deps, {
    name: 'Welcome',
    percentOff: 20,
    duration: 'repeating',
    months: 3,
    planIds: ['team', 'pro'],
  });
  await createPromotionCode(deps, { couponId: coupon.id, code: demoPromotionCode });
}
