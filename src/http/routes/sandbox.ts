// The sandbox gateway's own public endpoints (it plays the card processor in test mode): tokenizing a card
// typed into the card form, and the cardholder's authentication step for a charge that requires it. Card
// numbers reach only these routes, and nothing here logs or stores them. An address that keeps typing invalid
// cards is throttled (card testing), before the sandbox checks the card.
import { z } from 'zod';
import type { CardAttemptDeps } from '../../billing/payment-methods/card-attempt-guard.ts';
import {
  confirmTestCharge,
  type SandboxEndpointDeps,
  tokenizeTestCard,
} from '../../billing/sandbox/sandbox-endpoints.ts';
import { errorResponse } from '../schemas.ts';
import type { ZodApp } from './route-module.ts';

const cardSummary = z.object({
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number().int(),
  expYear: z.number().int(),
});

export function registerSandboxRoutes(app: ZodApp, deps: SandboxEndpointDeps, cardAttempts: CardAttemptDeps): void {
  app.post(
    '/sandbox/v1/tokens',
    {
      schema: {
        tags: ['Sandbox gateway'],
        summary:
          'Tokenize a test card (the card form posts here, never to /v1). 4242 4242 4242 4242 succeeds, ' +
          '4000 0000 0000 0002 is declined, …9995 has insufficient funds, …0341 attaches but charges fail, ' +
          '4000 0027 6000 3184 requires authentication. Too many invalid cards from one address is 429 with Retry-After.',
        security: [],
        body: z.strictObject({
          number: z.string().max(30),
          expMonth: z.coerce.number().int(),
          expYear: z.coerce.number().int(),
          cvc: z.string().max(8),
        }),
        response: {
          201: z.object({ id: z.string().describe('tok_…, single use'), card: cardSummary }),
          400: errorResponse,
          429: errorResponse,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await tokenizeTestCard(deps, cardAttempts, request.ip, request.body)),
  );

  app.post(
    '/sandbox/v1/charges/:charge/confirm',
    {
      schema: {
        tags: ['Sandbox gateway'],
        summary: "The cardholder completes their bank's authentication for a charge that requires it",
        security: [],
        params: z.object({ charge: z.string().min(1).max(100) }),
        response: {
          200: z.object({ id: z.string(), status: z.enum(['succeeded', 'failed', 'requires_action']) }),
          404: errorResponse,
        },
      },
    },
    async (request) => confirmTestCharge(deps, request.params.charge),
  );
}
