// The sandbox processor's own public endpoints (test mode) as use cases: tokenizing a card typed into the card
// form, and the cardholder's authentication step for a charge. They get their own folder because they are neither
// card storage (payment-methods) nor charging (payments): they exist only because the sandbox plays the processor.
// Card numbers pass through here to the sandbox and are never logged or stored by Billfold.
import { BillingError } from '../../domain/errors.ts';
import { clientAddressSubject } from '../../domain/payment-methods/card-attempt-subject.ts';
import type { CardSummary } from '../../gateways/payment-gateway.ts';
import { confirmSandboxCharge, tokenizeCard } from '../../gateways/sandbox/sandbox-gateway.ts';
import type { BillingDeps } from '../deps.ts';
import { type CardAttemptDeps, guardCardAttempt } from '../payment-methods/card-attempt-guard.ts';

export type SandboxEndpointDeps = Pick<BillingDeps, 'db' | 'clock' | 'baseUrl'>;

/** A card as typed into the card form. */
export interface TypedCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/**
 * Checks the typed card and hands back a single-use token. An address that keeps typing invalid cards is throttled
 * (card testing: 429) before the sandbox checks the card; an invalid card is 400 invalid_card naming the field.
 */
export async function tokenizeTestCard(
  deps: SandboxEndpointDeps,
  cardAttempts: CardAttemptDeps,
  clientAddress: string,
  typed: TypedCard,
): Promise<{ id: string; card: CardSummary }> {
  const result = await guardCardAttempt(
    cardAttempts,
    [clientAddressSubject(clientAddress)],
    () => tokenizeCard(deps, typed),
    (outcome) => !outcome.ok,
  );
  if (!result.ok) throw new BillingError('invalid_card', result.problem.message, { param: result.problem.field });
  return result.token;
}

/** The cardholder completes their bank's authentication (3-D Secure): the charge as it then is; unknown is 404. */
export async function confirmTestCharge(
  deps: SandboxEndpointDeps,
  chargeRef: string,
): Promise<{ id: string; status: 'succeeded' | 'failed' | 'requires_action' }> {
  const charge = await confirmSandboxCharge(deps, chargeRef);
  if (!charge) throw new BillingError('not_found', `No charge ${chargeRef}.`, { param: 'charge' });
  return { id: charge.ref, status: charge.status };
}
