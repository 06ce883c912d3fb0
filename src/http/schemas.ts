// zod schemas shared by the routes: path params, list queries, the error body.
import { z } from 'zod';

export const workspaceParams = z.object({
  ws: z.string().min(1).max(100).describe('Workspace id (ws_…) or slug'),
});

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  startingAfter: z.string().min(1).max(100).optional(),
});

export const errorResponse = z.object({
  error: z.object({
    type: z.string(),
    code: z.string(),
    message: z.string(),
    param: z.string().optional(),
    balance: z.number().int().optional().describe('insufficient_credits: the credits available'),
  }),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), hasMore: z.boolean() });
}

/** Error responses every authenticated route can give, for the OpenAPI document. */
export const commonErrors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('Makes a retry safe: the same key replays the first response for 24 hours'),
});
