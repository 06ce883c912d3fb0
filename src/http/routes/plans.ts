// GET /v1/plans: the plan catalog, for any signed-in user or workspace API key.
import { z } from 'zod';
import { commonErrors } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const interval = z.enum(['month', 'year']);

export const creditPackSchema = z.object({
  id: z.string(),
  credits: z.number().int(),
  currency: z.string(),
  unitAmount: z.number().int(),
});

export const customCreditsSchema = z
  .object({
    minCredits: z.number().int(),
    maxCredits: z.number().int(),
    currency: z.string(),
    unitAmountPer1000: z.number().int(),
  })
  .nullable()
  .describe('Any amount of credits within bounds, priced per 1,000');

const plan = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['free', 'credits', 'subscription']),
  seatLimit: z.number().int().nullable().describe('Max users; null when seats are bought per subscription'),
  downgrade: z
    .enum(['period_end', 'immediate_credit'])
    .describe('A downgrade or seat decrease: at the period end, or now with the unused time credited to the balance'),
  prices: z.array(z.object({ interval, currency: z.string(), unitAmount: z.number().int(), perSeat: z.boolean() })),
  tiers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      creditsPerPeriod: z.number().int(),
      creditsRollOver: z.boolean().describe('Unused credits stay after the period (else they expire at its end)'),
      upgradeCredits: z.enum(['prorated', 'full']).describe('What an upgrade to this tier grants mid-period'),
      prices: z.array(
        z.object({
          interval,
          currency: z.string(),
          unitAmount: z.number().int(),
          creditsPerPeriod: z
            .number()
            .int()
            .describe('Credits one period at this price grants (a year: a year of them)'),
        }),
      ),
      trialDays: z.number().int().nullable().describe("Days of free trial on this tier; null: the plan's"),
      trialRequiresCard: z.boolean().nullable().describe("Whether the tier's trial needs a card; null: the plan's"),
    }),
  ),
  creditPacks: z.array(creditPackSchema),
  customCredits: customCreditsSchema,
  trialDays: z
    .number()
    .int()
    .nullable()
    .describe("Days of free trial a workspace's first subscription to the plan starts with; null: none"),
  trialRequiresCard: z.boolean().describe('Whether the trial needs a card on file before it starts'),
});

export const planRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/plans',
    {
      schema: {
        tags: ['Plans'],
        summary: 'The plan catalog: prices per interval, per seat where it applies, Pro tiers and credit packs',
        response: { 200: z.object({ data: z.array(plan), version: z.number().int() }), ...commonErrors },
      },
    },
    async () => ({ data: deps.catalog.plans, version: deps.catalog.version }),
  );
};
