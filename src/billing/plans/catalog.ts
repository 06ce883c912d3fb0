// Loads and validates the plan catalog file (config/plans.json); a bad file stops start-up with the field named.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Plan, PlanCatalog } from '../../domain/plans/plan.ts';

const defaultCatalogPath = fileURLToPath(new URL('../../../config/plans.json', import.meta.url));

const amount = z.number().int().nonnegative();
const currency = z.string().regex(/^[a-z]{3}$/, 'must be a lowercase ISO 4217 code');
const interval = z.enum(['month', 'year']);

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
            z.object({
              id: z.string().min(1),
              name: z.string().min(1),
              creditsPerPeriod: z.number().int().nonnegative(),
              prices: z.array(z.object({ interval, currency, unitAmount: amount })),
            }),
          ),
          creditPacks: z.array(
            z.object({ id: z.string().min(1), credits: z.number().int().positive(), currency, unitAmount: amount }),
          ),
        }),
      )
      .min(1),
  })
  .refine((c) => c.plans.some((p) => p.id === 'free' && p.seatLimit !== null), {
    message: 'must contain a "free" plan with a seatLimit',
    path: ['plans'],
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
