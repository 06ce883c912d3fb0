// `billfold coupons create | list` and `billfold promotion-codes create | list`: the operator defines coupons and
// their customer-facing codes from the terminal, through the same use cases as the operator API.
import { Temporal } from 'temporal-polyfill';
import type { BillingDeps } from './billing/deps.ts';
import type { CouponView, PromotionCodeView } from './billing/discounts/coupon-view.ts';
import { createCoupon } from './billing/discounts/create-coupon.ts';
import { createPromotionCode } from './billing/discounts/create-promotion-code.ts';
import { listCoupons } from './billing/discounts/list-coupons.ts';
import { listPromotionCodes } from './billing/discounts/list-promotion-codes.ts';
import { BillingError } from './domain/errors.ts';

export const couponsUsage = `  coupons create (--percent-off N | --amount-off N --currency C) --duration once|repeating|forever
                 [--months N] [--plans team,pro] [--max-redemptions N] [--expires DATE] [--name <text>]
                   define a coupon (--amount-off in minor units; --months with repeating; every plan without --plans)
  coupons list     the coupons, with how often each was redeemed
  promotion-codes create --coupon <id> --code <CODE> [--max-redemptions N] [--expires DATE] [--first-time-only]
                   a customer-facing code for a coupon (--first-time-only: for a workspace that never paid an invoice)
  promotion-codes list
                   the promotion codes
`;

export interface CouponsOptions {
  'percent-off'?: string | undefined;
  'amount-off'?: string | undefined;
  currency?: string | undefined;
  duration?: string | undefined;
  months?: string | undefined;
  plans?: string | undefined;
  'max-redemptions'?: string | undefined;
  expires?: string | undefined;
  name?: string | undefined;
  coupon?: string | undefined;
  code?: string | undefined;
  'first-time-only'?: boolean | undefined;
}

/** The command the arguments name (`coupons create`, …), or null when it is incomplete. */
export function runCouponsCommand(
  command: string,
  args: readonly string[],
  options: CouponsOptions,
): ((deps: BillingDeps) => Promise<number>) | null {
  const action = args[0];
  if (command === 'coupons' && action === 'list') {
    return async (deps) => {
      for (const coupon of await everyPage((page) => listCoupons(deps, page))) console.log(couponLine(coupon));
      return 0;
    };
  }
  if (command === 'promotion-codes' && action === 'list') {
    return async (deps) => {
      for (const code of await everyPage((page) => listPromotionCodes(deps, page))) console.log(codeLine(code));
      return 0;
    };
  }
  if (command === 'coupons' && action === 'create') {
    const duration = options.duration;
    if (duration !== 'once' && duration !== 'repeating' && duration !== 'forever') return null;
    return async (deps) => {
      const created = await createCoupon(deps, {
        name: options.name,
        percentOff: number(options['percent-off'], 'percent-off'),
        amountOff: number(options['amount-off'], 'amount-off'),
        currency: options.currency,
        duration,
        months: number(options.months, 'months'),
        planIds: options.plans
          ?.split(',')
          .map((plan) => plan.trim())
          .filter((plan) => plan !== ''),
        maxRedemptions: number(options['max-redemptions'], 'max-redemptions'),
        redeemBy: instant(options.expires),
      });
      console.log(`Created ${couponLine(created)}`);
      return 0;
    };
  }
  if (command === 'promotion-codes' && action === 'create') {
    const { coupon, code } = options;
    if (!coupon || !code) return null;
    return async (deps) => {
      const created = await createPromotionCode(deps, {
        couponId: coupon,
        code,
        maxRedemptions: number(options['max-redemptions'], 'max-redemptions'),
        expiresAt: instant(options.expires),
        firstTimeOnly: options['first-time-only'] ?? false,
      });
      console.log(`Created ${codeLine(created)}`);
      return 0;
    };
  }
  return null;
}

function couponLine(coupon: CouponView): string {
  const plans = coupon.appliesToPlans ? coupon.appliesToPlans.join(',') : 'every plan';
  return `${coupon.id}  ${coupon.name}: ${coupon.description}, ${plans}, ${limits(coupon.timesRedeemed, coupon.maxRedemptions, coupon.redeemBy)}`;
}

function codeLine(code: PromotionCodeView): string {
  const firstTime = code.firstTimeOnly ? ', first-time only' : '';
  return `${code.id}  ${code.code} → ${code.couponId}, ${limits(code.timesRedeemed, code.maxRedemptions, code.expiresAt)}${firstTime}`;
}

function limits(times: number, max: number | null, until: Date | null): string {
  const used = `redeemed ${times}${max === null ? '' : ` of ${max}`}`;
  return until ? `${used}, until ${until.toISOString()}` : used;
}

function number(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new BillingError('invalid_request', `--${option} takes a number, not "${text}".`);
  }
  return value;
}

/** "2027-04-01" is midnight UTC that day; a full ISO time is taken as written. */
function instant(text: string | undefined): Temporal.Instant | undefined {
  if (text === undefined) return undefined;
  try {
    return Temporal.Instant.from(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  } catch {
    throw new BillingError('invalid_request', `--expires takes a date (2027-04-01) or an ISO time, not "${text}".`);
  }
}

async function everyPage<T extends { id: string }>(
  list: (page: { limit: number; startingAfter?: string }) => Promise<{ data: T[]; hasMore: boolean }>,
): Promise<T[]> {
  const all: T[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const page = await list(startingAfter ? { limit: 100, startingAfter } : { limit: 100 });
    all.push(...page.data);
    if (!page.hasMore) return all;
    startingAfter = page.data.at(-1)?.id;
  }
}
