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

export type GatewayChargeStatus = 'succeeded' | 'failed' | 'requires_action';

export interface GatewayCharge {
  ref: string;
  idempotencyKey: string;
  status: GatewayChargeStatus;
  amount: number;
  currency: string;
  /** Set when status is failed. */
  decline: GatewayDecline | null;
  /** Set when status is requires_action: where the cardholder confirms the payment (3-D Secure). */
  nextActionUrl: string | null;
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
  /** Charges once per idempotency key: repeating a key returns the first charge unchanged. Throws only when unreachable. */
  charge(request: ChargeRequest): Promise<GatewayCharge>;
  /** The charge made with this idempotency key, or null if the gateway never received it. */
  findCharge(idempotencyKey: string): Promise<GatewayCharge | null>;
  /**
   * Cancels a charge still waiting for the cardholder, so a later confirmation takes no money; answers the charge
   * as it then is (succeeded if the cardholder confirmed first), or null if the gateway never received it.
   */
  cancelCharge(idempotencyKey: string): Promise<GatewayCharge | null>;
  /** Refunds part or all of a succeeded charge, once per idempotency key. */
  refund(request: RefundRequest): Promise<GatewayRefund>;
}
