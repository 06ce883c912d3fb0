// BillingError: the one error type use cases throw, with a closed set of codes (mapped to HTTP in src/http/error-map.ts).

export type BillingErrorCode =
  /** The request is malformed or a field fails validation; `param` names the field. */
  | 'invalid_request'
  /** No valid session cookie or API key. */
  | 'unauthenticated'
  /** The caller is in the workspace but lacks the permission, or a cookie mutation failed the Origin check. */
  | 'permission_denied'
  /** The resource does not exist or belongs to a workspace the caller cannot see. */
  | 'not_found'
  /** Inviting or accepting would take the workspace past its max users. */
  | 'seat_limit_reached'
  /** The invite has expired; ask for a new one. */
  | 'invite_expired'
  /** The invite was already accepted or revoked. */
  | 'invite_not_pending'
  /** The invited email already has a pending invite in this workspace. */
  | 'invite_exists'
  /** The user is already a member of the workspace. */
  | 'already_member'
  /** A workspace with that slug exists. */
  | 'slug_taken'
  /** A role with that name exists in the workspace, or the name is a built-in role. */
  | 'role_exists'
  /** A promotion code with that code exists (codes are matched in any case). */
  | 'promotion_code_exists'
  /** The change would leave the workspace without an owner. */
  | 'last_owner'
  /** The sandbox gateway's card form check: a card number, expiry or CVC that cannot be right. */
  | 'invalid_card'
  /** Too many declined card attempts from a workspace or client address; `details.retryAfterSeconds`: the wait. */
  | 'rate_limited'
  /** The card processor refused the card or the charge; the message is the processor's reason. */
  | 'payment_failed'
  /** A charge needs a payment method and the workspace has none. */
  | 'payment_method_required'
  /** The payment method cannot be removed while it is the default or pays a subscription. */
  | 'payment_method_in_use'
  /** A payment of this invoice is already under way. */
  | 'payment_in_progress'
  /** The invoice is paid or void: there is nothing to pay. */
  | 'invoice_not_payable'
  /** The invoice is not paid, so there is nothing to refund or credit. */
  | 'invoice_not_refundable'
  /** A refund above what is left of the invoice's paid amount after earlier credit notes (param `amount`). */
  | 'refund_exceeds_refundable'
  /** The card processor could not be reached; the payment settles on its own once it answers. */
  | 'gateway_unavailable'
  /** Fewer seats than the members and pending invites already use. */
  | 'seats_below_usage'
  /** The workspace has no paid subscription to change, cancel or resume. */
  | 'no_subscription'
  /** The subscription's state does not allow this (nothing to resume, a plan without seats, an unpaid change). */
  | 'subscription_conflict'
  /** A test clock cannot be attached or moved this way (already attached, a subscription exists, moving back). */
  | 'test_clock_conflict'
  /** A debit asks for more credits than the workspace has; `details.balance` says how many it has. */
  | 'insufficient_credits'
  /** The workspace's plan does not sell credits (Free, Team): switch to Flex Credits or Pro to buy them. */
  | 'credits_not_sold'
  /** The Idempotency-Key was used before with a different request. */
  | 'idempotency_key_reused'
  /** A request with the same Idempotency-Key is still running. */
  | 'idempotency_key_in_progress'
  /** A request with the same Idempotency-Key was carried out, but its process stopped before answering. */
  | 'idempotency_key_unanswered'
  /** A webhook endpoint URL that is not https, carries credentials, or points to a private or local address. */
  | 'webhook_url_refused'
  /** The workspace has as many webhook endpoints as allowed, or the endpoint is disabled (no test, no replay). */
  | 'webhook_endpoint_conflict';

export interface BillingErrorOptions {
  /** The request field the error is about, sent as `param`. */
  param?: string;
  cause?: unknown;
  details?: { balance?: number; retryAfterSeconds?: number };
  /**
   * What the operator needs in the log (ids, internal states, the processor's raw answer), kept out of the
   * response: `message` is written for the person who made the request, `logMessage` for the one who runs Billfold.
   */
  logMessage?: string;
}

export class BillingError extends Error {
  readonly code: BillingErrorCode;
  readonly param: string | undefined;
  /** Facts the caller can act on, sent beside the message (insufficient_credits: the balance; rate_limited: the wait). */
  readonly details: { balance?: number; retryAfterSeconds?: number };
  /** Logged by the HTTP error mapping, never sent; `message` is what the caller reads. */
  readonly logMessage: string | undefined;

  constructor(code: BillingErrorCode, message: string, options: BillingErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BillingError';
    this.code = code;
    this.param = options.param;
    this.details = options.details ?? {};
    this.logMessage = options.logMessage;
  }
}
