// GET /v1/plans: the plan catalog, for any signed-in user or workspace API key.
import { z } from 'zod';
import { commonErrors } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const interval = z.enum(['month', 'year']);
const plan = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['free', 'credits', 'subscription']),
  seatLimit: z.number().int().nullable().describe('Max users; null when seats are bought per subscription'),
  prices: z.array(z.object({ interval, currency: z.string(), unitAmount: z.number().int(), perSeat: z.boolean() })),
  tiers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      creditsPerPeriod: z.number().int(),
      prices: z.array(z.object({ interval, currency: z.string(), unitAmount: z.number().int() })),
    }),
  ),
  creditPacks: z.array(
    z.object({ id: z.string(), credits: z.number().int(), currency: z.string(), unitAmount: z.number().int() }),
  ),
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
