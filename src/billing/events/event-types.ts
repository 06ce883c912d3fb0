// The event types a webhook endpoint may subscribe to, each with what it means: the known list an endpoint's
// `eventTypes` are checked against. A new BillingEventType does not compile until it is described here.
import { type BillingEventType, billingEventTypes } from './record-event.ts';

/** Sent on request to the one endpoint it tests; no endpoint subscribes to it and it is no event of the workspace. */
export const testEventType = 'webhook_endpoint.test' satisfies BillingEventType;

export type WebhookEventType = Exclude<BillingEventType, typeof testEventType>;

const descriptions: Record<WebhookEventType, string> = {
  'payment_method.attached': 'A card was added to the workspace',
  'payment_method.default_changed': 'Another card became the default',
  'payment_method.removed': 'A card was removed',
  'billing_details.updated': 'The legal name, address, tax id or billing email changed',
  'invoice.finalized': 'An invoice got its number and became payable',
  'invoice.paid': 'An invoice was paid',
  'invoice.payment_failed': 'Charging an invoice failed',
  'invoice.payment_action_required': 'Paying an invoice needs the cardholder to authenticate',
  'invoice.voided': 'An unpaid invoice was voided',
  'invoice.marked_uncollectible': 'An invoice was given up on after the last payment retry',
  'invoice.refunded': 'A paid invoice was refunded in full or in part, to the card or to the customer balance',
  'credit_note.created': 'A credit note was issued for a refund of a paid invoice',
  'customer.balance.updated':
    'The customer balance changed: a credit note credited it, a finalized invoice drew on it, or a voided one gave it back',
  'subscription.created': 'The workspace subscribed to a paid plan',
  'subscription.updated': 'The subscription changed: plan, tier, interval, status, cancellation or a scheduled change',
  'subscription.canceled': 'The subscription ended and the workspace is back on Free',
  'subscription.trial_will_end': 'The free trial ends in 3 days, when its first period is charged',
  'seats.updated': 'The number of seats (max users) changed',
  'credits.granted': 'Credits were added: a plan period, a purchase, a promotion or an adjustment',
  'credits.consumed': 'Credits were consumed (one event per workspace per run, summing the debits)',
  'credits.low_balance': 'The credit balance fell below the low-balance mark',
  'credits.depleted': 'The credit balance reached zero',
  'customer.discount.created':
    'A promotion code started a discount on the subscription: the coupon, what it takes off and until when',
};

/** Every type an endpoint may subscribe to, in the order they are documented. */
export const webhookEventTypes: readonly WebhookEventType[] = billingEventTypes.filter(
  (type): type is WebhookEventType => type !== testEventType,
);

export function isWebhookEventType(name: string): name is WebhookEventType {
  return Object.hasOwn(descriptions, name);
}

export function describeEventType(type: WebhookEventType): string {
  return descriptions[type];
}
