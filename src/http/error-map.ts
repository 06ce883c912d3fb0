// The one place errors become HTTP: BillingError codes to statuses, validation errors to 400 naming the field.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { BillingError, type BillingErrorCode } from '../domain/errors.ts';

type ErrorType =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'conflict'
  | 'payment'
  | 'idempotency'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

// Typed as a Record over the closed union: a new code that is not mapped here fails to compile.
const httpByCode: Record<BillingErrorCode, { status: number; type: ErrorType }> = {
  invalid_request: { status: 400, type: 'invalid_request' },
  unauthenticated: { status: 401, type: 'authentication' },
  permission_denied: { status: 403, type: 'permission' },
  not_found: { status: 404, type: 'not_found' },
  seat_limit_reached: { status: 409, type: 'conflict' },
  invite_expired: { status: 409, type: 'conflict' },
  invite_not_pending: { status: 409, type: 'conflict' },
  invite_exists: { status: 409, type: 'conflict' },
  already_member: { status: 409, type: 'conflict' },
  slug_taken: { status: 409, type: 'conflict' },
  role_exists: { status: 409, type: 'conflict' },
  promotion_code_exists: { status: 409, type: 'conflict' },
  last_owner: { status: 409, type: 'conflict' },
  invalid_card: { status: 400, type: 'invalid_request' },
  rate_limited: { status: 429, type: 'rate_limited' },
  payment_failed: { status: 402, type: 'payment' },
  payment_method_required: { status: 409, type: 'conflict' },
  payment_method_in_use: { status: 409, type: 'conflict' },
  payment_in_progress: { status: 409, type: 'conflict' },
  invoice_not_payable: { status: 409, type: 'conflict' },
  invoice_not_refundable: { status: 409, type: 'conflict' },
  refund_exceeds_refundable: { status: 409, type: 'conflict' },
  gateway_unavailable: { status: 503, type: 'unavailable' },
  seats_below_usage: { status: 409, type: 'conflict' },
  no_subscription: { status: 409, type: 'conflict' },
  subscription_conflict: { status: 409, type: 'conflict' },
  test_clock_conflict: { status: 409, type: 'conflict' },
  insufficient_credits: { status: 402, type: 'payment' },
  credits_not_sold: { status: 409, type: 'conflict' },
  idempotency_key_reused: { status: 422, type: 'idempotency' },
  idempotency_key_in_progress: { status: 409, type: 'conflict' },
  idempotency_key_unanswered: { status: 409, type: 'conflict' },
  webhook_url_refused: { status: 400, type: 'invalid_request' },
  webhook_endpoint_conflict: { status: 409, type: 'conflict' },
};

export interface ErrorBody {
  error: { type: ErrorType; code: string; message: string; param?: string; balance?: number };
}

export function errorBody(error: BillingError): { status: number; body: ErrorBody } {
  const { status, type } = httpByCode[error.code];
  const body: ErrorBody = { error: { type, code: error.code, message: error.message } };
  if (error.param) body.error.param = error.param;
  if (error.details.balance !== undefined) body.error.balance = error.details.balance;
  return { status, body };
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof BillingError) {
    const { status, body } = errorBody(error);
    // The caller reads `message`; what only the operator should see (ids, internal states) goes to the log.
    if (error.logMessage !== undefined) {
      const entry = { code: error.code, param: error.param, userMessage: error.message };
      if (status >= 500) request.log.warn(entry, error.logMessage);
      else request.log.info(entry, error.logMessage);
    }
    // RFC 9110: a 429 says how long to wait, in seconds.
    if (error.details.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(error.details.retryAfterSeconds));
    return reply.status(status).send(body);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const location = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
    const path = issue?.instancePath.slice(1).replaceAll('/', '.');
    // zod names the object that holds an unknown field; the caller needs the field itself.
    const unknownField = issue?.keyword === 'unrecognized_keys' ? (issue.params.keys as string[])[0] : undefined;
    const field = unknownField === undefined ? path : path ? `${path}.${unknownField}` : unknownField;
    // The validator (validator.ts) words each issue as a sentence naming the field (validation-message.ts).
    const message = issue?.message ?? `The request ${location} is not valid.`;
    const { status, body } = errorBody(new BillingError('invalid_request', message, { param: field || location }));
    return reply.status(status).send(body);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Malformed JSON, unsupported media type, body too large: the client's fault, said plainly.
    return reply.status(fastifyError.statusCode).send({
      error: { type: 'invalid_request', code: 'invalid_request', message: fastifyError.message },
    } satisfies ErrorBody);
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({
    error: { type: 'internal', code: 'internal', message: 'Something went wrong on our side. Try again shortly.' },
  } satisfies ErrorBody);
}
