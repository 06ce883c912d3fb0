// Loads and validates the plan catalog file (config/plans.json); a bad file stops start-up with the field named.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { maxInvoiceAmount } from '../../domain/invoices/invoice-totals.ts';
import { largestChargeOf, type Plan, type PlanCatalog } from '../../domain/plans/plan.ts';
import { maxSeatsPerSubscription } from '../../domain/seats/seat-limit.ts';

const defaultCatalogPath = fileURLToPath(new URL('../../../config/plans.json', import.meta.url));

const amount = z.number().int().nonnegative();
const currency = z.string().regex(/^[a-z]{3}$/, 'must be a lowercase ISO 4217 code');
const interval = z.enum(['month', 'year']);
const trialDays = z.number().int().min(1).max(730);

const catalogSchema = z
  .object({
    version: z.number().int().positive(),
    plans: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z][a-z0-9_]*$/),
          name: z.string().min(1),
          kind: z.enum(['free', 'credits', 'subscription']),
          seatLimit: z.number().int().positive().nullable(),
          prices: z.array(z.object({ interval, currency, unitAmount: amount, perSeat: z.boolean() })),
          tiers: z.array(
            z
              .object({
                id: z.string().min(1),
                name: z.string().min(1),
                creditsPerPeriod: z.number().int().nonnegative(),
                creditsRollOver: z.boolean().default(false),
                upgradeCredits: z.enum(['prorated', 'full']).default('prorated'),
                prices: z.array(
                  z.object({
                    interval,
                    currency,
                    unitAmount: amount,
                    creditsPerPeriod: z.number().int().nonnegative().optional(),
                  }),
                ),
                trialDays: trialDays.nullable().default(null),
                trialRequiresCard: z.boolean().nullable().default(null),
              })
              // A price may grant its own credits (a yearly price a year's worth); else the tier's, each period.
              .transform((tier) => ({
                ...tier,
                prices: tier.prices.map((price) => ({
                  ...price,
                  creditsPerPeriod: price.creditsPerPeriod ?? tier.creditsPerPeriod,
                })),
              })),
          ),
          creditPacks: z.array(
            z.object({ id: z.string().min(1), credits: z.number().int().positive(), currency, unitAmount: amount }),
          ),
          customCredits: z
            .object({
              minCredits: z.number().int().positive(),
              maxCredits: z.number().int().positive(),
              currency,
              unitAmountPer1000: amount,
            })
            .refine((c) => c.minCredits <= c.maxCredits, { message: 'minCredits must not exceed maxCredits' })
            .nullable()
            .default(null),
          trialDays: trialDays.nullable().default(null),
          trialRequiresCard: z.boolean().default(false),
          downgrade: z.enum(['period_end', 'immediate_credit']).default('period_end'),
        }),
      )
      .min(1),
  })
  .refine((c) => c.plans.some((p) => p.id === 'free' && p.seatLimit !== null), {
    message: 'must contain a "free" plan with a seatLimit',
    path: ['plans'],
  })
  .superRefine((catalog, context) => {
    const ids = new Set<string>();
    catalog.plans.forEach((plan, index) => {
      if (ids.has(plan.id))
        context.addIssue({
          code: 'custom',
          message: `plan id "${plan.id}" appears twice`,
          path: ['plans', index, 'id'],
        });
      ids.add(plan.id);
      const sold = plan.prices.length > 0 || plan.tiers.some((tier) => tier.prices.length > 0);
      if (plan.kind === 'subscription' && !sold) {
        context.addIssue({
          code: 'custom',
          message: 'a subscription plan needs prices (or tiers with prices)',
          path: ['plans', index, 'prices'],
        });
      }
      if (plan.kind !== 'subscription' && (plan.prices.length > 0 || plan.tiers.length > 0)) {
        context.addIssue({
          code: 'custom',
          message: `a ${plan.kind} plan has no subscription prices or tiers`,
          path: ['plans', index, 'prices'],
        });
      }
      const perSeat = plan.prices.length > 0 && plan.prices.every((p) => p.perSeat);
      if (plan.kind === 'subscription' && !perSeat && plan.seatLimit === null) {
        context.addIssue({
          code: 'custom',
          message: 'a plan not priced per seat needs a seatLimit',
          path: ['plans', index, 'seatLimit'],
        });
      }
      // Half the invoice bound: even at a 100% tax rate, every invoice the plan makes stays within it.
      if (largestChargeOf(plan) > maxInvoiceAmount / 2) {
        context.addIssue({
          code: 'custom',
          message:
            `its largest charge (a period at ${maxSeatsPerSubscription} seats, a pack or the most custom credits) ` +
            `must be at most ${maxInvoiceAmount / 2} minor units, half the most one invoice may carry`,
          path: ['plans', index],
        });
      }
      const trials = plan.trialDays !== null || plan.tiers.some((tier) => tier.trialDays !== null);
      if (trials && plan.kind !== 'subscription') {
        context.addIssue({
          code: 'custom',
          message: 'only a subscription plan has a trial',
          path: ['plans', index, 'trialDays'],
        });
      }
      const intervals = plan.prices.map((p) => p.interval);
      if (new Set(intervals).size !== intervals.length) {
        context.addIssue({ code: 'custom', message: 'one price per interval', path: ['plans', index, 'prices'] });
      }
    });
  });

export class PlanCatalogError extends Error {}

export function loadPlanCatalog(path: string = defaultCatalogPath): PlanCatalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PlanCatalogError(`Cannot read the plan catalog ${path}: ${(error as Error).message}`);
  }
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new PlanCatalogError(`Bad plan catalog ${path}:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export function findPlan(catalog: PlanCatalog, planId: string): Plan {
  const plan = catalog.plans.find((p) => p.id === planId);
  if (!plan) throw new Error(`Plan ${planId} is not in catalog version ${catalog.version}`);
  return plan;
}
