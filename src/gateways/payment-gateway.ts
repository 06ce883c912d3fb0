// PaymentGateway: the port between Billfold and a card processor. Billfold hands it single-use tokens
// from the card form and amounts to charge; it never sees a card number. Adapters: sandbox (test mode).

export interface CardSummary {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** A card the gateway keeps for repeated charges, known to Billfold only by `gatewayRef`. */
export interface AttachedCard extends CardSummary {
  gatewayRef: string;
}

/** Why the gateway refused a card or a charge, in words a cardholder understands. */
export interface GatewayDecline {
  /** e.g. card_declined, insufficient_funds, expired_token, token_already_used. */
  code: string;
  message: string;
}

export type AttachResult = { ok: true; card: AttachedCard } | { ok: false; decline: GatewayDecline };

export interface ChargeRequest {
  /** Billfold's payment attempt id: the same key always means the same charge, however often it is sent. */
  idempotencyKey: string;
  gatewayRef: string;
  amount: number;
  currency: string;
  description: string;
}

/**
 * What the processor says about a charge: one of four outcomes, each with only the facts it has. Callers switch on
 * `status` exhaustively. `retryable` means the charge's fate is unknown to Billfold (the request did not reach the
 * processor, timed out, or the processor is unavailable): the same idempotency key may be sent again later, and the
 * processor charges it at most once.
 */
export type ChargeOutcome =
  | { status: 'succeeded'; ref: string }
  | { status: 'declined'; ref: string; code: string; message: string }
  /** The cardholder must confirm the payment (3-D Secure) at `nextActionUrl`. */
  | { status: 'requires_action'; ref: string; nextActionUrl: string }
  | { status: 'retryable'; reason: string };

/**
 * What an adapter throws when it could not reach the processor or got no answer in time (connection refused or
 * reset, timeout, 5xx). Billfold reads it as a `retryable` outcome; any other error thrown by an adapter is a bug.
 */
export class GatewayUnavailableError extends Error {
  override readonly name = 'GatewayUnavailableError';
}

export interface RefundRequest {
  idempotencyKey: string;
  chargeRef: string;
  amount: number;
}

export interface GatewayRefund {
  ref: string;
  chargeRef: string;
  amount: number;
}

export interface PaymentGateway {
  /** Stored beside each payment method, so a method is always charged through the gateway that holds it. */
  readonly name: string;
  /** Turns a single-use token from the card form into a reusable card; a refused card is a decline, not a throw. */
  attach(token: string): Promise<AttachResult>;
  /**
   * Charges once per idempotency key: repeating a key returns the first charge's outcome unchanged. Not reaching the
   * processor is `retryable` (or a thrown GatewayUnavailableError); a refused card is `declined`, never a throw.
   */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /** The charge made with this idempotency key, or null if the gateway never received it. */
  findCharge(idempotencyKey: string): Promise<ChargeOutcome | null>;
  /**
   * Cancels a charge still waiting for the cardholder, so a later confirmation takes no money; answers the charge
   * as it then is (succeeded if the cardholder confirmed first), or null if the gateway never received it.
   */
  cancelCharge(idempotencyKey: string): Promise<ChargeOutcome | null>;
  /** Refunds part or all of a succeeded charge, once per idempotency key. */
  refund(request: RefundRequest): Promise<GatewayRefund>;
}
