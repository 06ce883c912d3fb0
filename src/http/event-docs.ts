// The OpenAPI 3.1 `webhooks` section: every event type Billfold sends, with what it means, its payload's schema
// (`data.object` is the resource as the API's own routes answer it) and an example. One entry per type of
// record-event.ts; a new type does not compile until it is described here.
import { z } from 'zod';
import { describeEventType, testEventType } from '../billing/events/event-types.ts';
import { type BillingEventType, billingEventTypes } from '../billing/events/record-event.ts';
import { discountSchema } from './routes/billing.ts';
import { billingDetails } from './routes/billing-details.ts';
import { creditNoteSchema } from './routes/credit-notes.ts';
import { transaction } from './routes/credits.ts';
import { balanceTransactionSchema } from './routes/customer-balance.ts';
import { invoiceSchema } from './routes/invoices.ts';
import { paymentMethod } from './routes/payment-methods.ts';
import { subscriptionSchema } from './routes/subscription.ts';

/** What `data.object` is, for each kind of event. */
const objects = {
  invoice: {
    schema: invoiceSchema,
    about: 'the invoice, as `GET /v1/workspaces/{ws}/invoices/{inv}` answers it',
  },
  subscription: {
    schema: subscriptionSchema,
    about: 'the subscription, as `subscription` in `GET /v1/workspaces/{ws}/billing` shows it',
  },
  payment_method: {
    schema: paymentMethod,
    about: 'the card, as `GET /v1/workspaces/{ws}/payment-methods` lists it',
  },
  billing_details: {
    schema: billingDetails,
    about: 'the billing details, as `GET /v1/workspaces/{ws}/billing-details` answers them',
  },
  credit_transaction: {
    schema: transaction,
    about: 'the credit ledger entry, as `GET /v1/workspaces/{ws}/credits/transactions` lists it',
  },
  credit_usage_report: {
    schema: z.object({
      credits: z.number().int().describe('Credits consumed since the previous credits.consumed event'),
      debits: z.number().int().describe('How many debits those credits were consumed in'),
      balance: z.number().int().describe('The balance when the report was made'),
    }),
    about: 'a usage report: the debits since the previous report, summed (debits are reported in batches)',
  },
  discount: {
    schema: discountSchema.extend({ subscriptionId: z.string() }),
    about: 'the discount, as `discount` in `GET /v1/workspaces/{ws}/billing` shows it, with its subscription',
  },
  credit_note: {
    schema: creditNoteSchema,
    about: 'the credit note, as `GET /v1/workspaces/{ws}/credit-notes/{cn}` answers it',
  },
  customer_balance: {
    schema: z.object({ balance: z.number().int(), currency: z.string(), transaction: balanceTransactionSchema }),
    about: 'the customer balance after the change and the ledger entry that changed it',
  },
  webhook_endpoint: {
    schema: z.looseObject({ id: z.string(), url: z.string() }),
    about: 'the webhook endpoint tested, as `GET /v1/workspaces/{ws}/webhook-endpoints/{endpoint}` answers it',
  },
} as const;

type ObjectKind = keyof typeof objects;

interface EventDoc {
  object: ObjectKind;
  /** When it is sent, and what `previous` holds. */
  description: string;
  previous?: Record<string, unknown>;
  /** Changes to the example object for this event. */
  example?: Record<string, unknown>;
}

const exampleInvoice = {
  id: 'inv_01jqz3m0v5e8s9t2k4w6y8a0c2',
  number: 'BF-000012',
  status: 'paid',
  currency: 'usd',
  subtotal: 4800,
  tax: 0,
  total: 4800,
  taxRate: null,
  issuedAt: '2027-04-01T00:00:00.000Z',
  paidAt: '2027-04-01T00:00:02.000Z',
  periodStart: '2027-04-01T00:00:00.000Z',
  periodEnd: '2027-05-01T00:00:00.000Z',
  lines: [
    {
      description: 'Team (monthly) — per seat',
      quantity: 4,
      unitAmount: 1200,
      amount: 4800,
      periodStart: '2027-04-01T00:00:00.000Z',
      periodEnd: '2027-05-01T00:00:00.000Z',
      proration: false,
    },
  ],
  paymentMethod: { brand: 'visa', last4: '4242' },
  billingDetails: {
    legalName: 'Acme Ltd',
    email: 'billing@acme.example',
    addressLine1: '1 Market Street',
    addressLine2: null,
    city: 'Springfield',
    postalCode: '12345',
    region: null,
    country: 'US',
    taxId: null,
  },
  payment: { status: 'succeeded', failureMessage: null, nextActionUrl: null },
  voidReason: null,
  appliedBalance: 0,
  amountDue: 4800,
  amountCredited: 0,
  creditNotes: [],
  hostedUrl: 'https://billing.example.com/invoices/hk_4vQm…',
  pdfUrl: 'https://billing.example.com/v1/workspaces/ws_01jqz…/invoices/inv_01jqz3m0v5e8s9t2k4w6y8a0c2/pdf',
};

const exampleSubscription = {
  id: 'sub_01jqz2x8h3d7r6n5m4k3j2h1g0',
  status: 'active',
  plan: { id: 'team', name: 'Team' },
  tier: null,
  interval: 'month',
  seats: 4,
  currency: 'usd',
  unitAmount: 1200,
  perSeat: true,
  currentPeriodStart: '2027-04-01T00:00:00.000Z',
  currentPeriodEnd: '2027-05-01T00:00:00.000Z',
  trialEnd: null,
  cancelAtPeriodEnd: false,
  activeUntil: null,
  scheduledChange: null,
  scheduledChangeOnResume: null,
  pastDue: null,
};

const examples: Record<ObjectKind, Record<string, unknown>> = {
  invoice: exampleInvoice,
  subscription: exampleSubscription,
  payment_method: {
    id: 'pm_01jqz1c4b7a9e2f5g8h1j4k7m0',
    brand: 'visa',
    last4: '4242',
    expMonth: 12,
    expYear: 2030,
    isDefault: true,
    createdAt: '2027-03-01T09:30:00.000Z',
  },
  billing_details: { ...exampleInvoice.billingDetails, updatedAt: '2027-03-02T10:00:00.000Z' },
  credit_transaction: {
    id: 'ctx_01jqz5p2n4m6k8j0h2g4f6d8s0',
    type: 'grant',
    credits: 10000,
    balanceAfter: 10250,
    description: 'Pro · Growth credits for Apr 1 – May 1, 2027',
    metadata: null,
    actor: { type: 'system', id: null },
    grantId: 'cg_01jqz5p2n4m6k8j0h2g4f6d8r9',
    createdAt: '2027-04-01T00:00:02.000Z',
  },
  credit_usage_report: { credits: 1250, debits: 17, balance: 8750 },
  credit_note: {
    id: 'cn_01jqz7c1d2e3f4g5h6j7k8m9n0',
    number: 'CN-000001',
    invoiceId: exampleInvoice.id,
    invoiceNumber: exampleInvoice.number,
    currency: 'usd',
    subtotal: 2400,
    tax: 0,
    total: 2400,
    reason: 'requested_by_customer',
    memo: null,
    creditedTo: 'card',
    lines: [{ description: 'Refund of invoice BF-000012', quantity: 1, unitAmount: 2400, amount: 2400 }],
    issuedAt: '2027-04-03T10:00:00.000Z',
    hostedUrl: 'https://billing.example.com/credit-notes/hk_9sLx…',
    pdfUrl: 'https://billing.example.com/v1/workspaces/ws_01jqz…/credit-notes/cn_01jqz7c1d2e3f4g5h6j7k8m9n0/pdf',
  },
  customer_balance: {
    balance: -2400,
    currency: 'usd',
    transaction: {
      id: 'cbt_01jqz7c1d2e3f4g5h6j7k8m9p1',
      type: 'credit_note',
      amount: -2400,
      balanceAfter: -2400,
      currency: 'usd',
      creditNoteId: 'cn_01jqz7c1d2e3f4g5h6j7k8m9n0',
      invoiceId: null,
      description: 'Credit note CN-000001: $24.00 credited',
      createdAt: '2027-04-03T10:00:00.000Z',
    },
  },
  webhook_endpoint: { id: 'we_01jqz6a1b2c3d4e5f6g7h8j9k0', url: 'https://example.com/webhooks/billfold' },
  discount: {
    subscriptionId: 'sub_01jqz2x8h3d7r6n5m4k3j2h1g0',
    couponId: 'coupon_01jqz7b2c3d4e5f6g7h8j9k0m1',
    name: 'Spring sale',
    description: '20% off for 3 months (SPRING20)',
    percentOff: 20,
    amountOff: null,
    currency: null,
    duration: 'repeating',
    durationInMonths: 3,
    startedAt: '2027-04-01T00:00:00.000Z',
    endsAt: '2027-07-01T00:00:00.000Z',
    promotionCode: 'SPRING20',
  },
};

const docs: Record<BillingEventType, EventDoc> = {
  'payment_method.attached': { object: 'payment_method', description: 'Sent when a card is saved.' },
  'payment_method.default_changed': {
    object: 'payment_method',
    description: 'Sent when a saved card becomes the default: `object` is that card, `previous.isDefault` was false.',
    previous: { isDefault: false },
  },
  'payment_method.removed': {
    object: 'payment_method',
    description: 'Sent when a card is removed; `previous.isDefault` is true when it was the default.',
    example: { isDefault: false },
  },
  'billing_details.updated': {
    object: 'billing_details',
    description: 'Sent when the billing details are saved; `previous` holds the fields that changed.',
    previous: { legalName: 'Acme', updatedAt: null },
  },
  'invoice.finalized': {
    object: 'invoice',
    description: 'Sent when an invoice gets its number; `previous` holds its draft values (status draft, no number).',
    previous: { number: null, status: 'draft', issuedAt: null },
    example: { status: 'open', paidAt: null, payment: null },
  },
  'invoice.paid': {
    object: 'invoice',
    description: 'Sent when an invoice is paid (by card, or with nothing to charge).',
    previous: {
      status: 'open',
      paidAt: null,
      payment: { status: 'pending', failureMessage: null, nextActionUrl: null },
    },
  },
  'invoice.payment_failed': {
    object: 'invoice',
    description: 'Sent when a charge of the invoice is declined; `object.payment.failureMessage` says why.',
    previous: { payment: { status: 'pending', failureMessage: null, nextActionUrl: null } },
    example: {
      status: 'open',
      paidAt: null,
      payment: { status: 'failed', failureMessage: 'Your card was declined.', nextActionUrl: null },
    },
  },
  'invoice.payment_action_required': {
    object: 'invoice',
    description:
      'Sent when the bank asks the cardholder to confirm a payment, and again at each dunning retry while it waits: `object.payment.nextActionUrl` is where they confirm it.',
    example: {
      status: 'open',
      paidAt: null,
      payment: {
        status: 'requires_action',
        failureMessage: null,
        nextActionUrl: 'https://billing.example.com/sandbox/3ds/…',
      },
    },
  },
  'invoice.voided': {
    object: 'invoice',
    description:
      'Sent when an unpaid invoice for a change that did not happen (a declined upgrade or purchase) is voided.',
    previous: { status: 'open', voidReason: null },
    example: {
      status: 'void',
      paidAt: null,
      payment: { status: 'failed', failureMessage: 'Your card was declined.', nextActionUrl: null },
      voidReason: 'Payment declined — nothing was charged',
    },
  },
  'invoice.marked_uncollectible': {
    object: 'invoice',
    description: 'Sent when the last dunning retry fails and the renewal invoice is written off.',
    previous: { status: 'open' },
    example: { status: 'uncollectible', paidAt: null },
  },
  'invoice.refunded': {
    object: 'invoice',
    description:
      'Sent when a paid invoice is refunded in full or in part (to its card or to the customer balance) and its ' +
      'credit note issued; `previous` holds what it had credited before.',
    previous: { amountCredited: 0, creditNotes: [] },
    example: { amountCredited: 2400 },
  },
  'credit_note.created': {
    object: 'credit_note',
    description: 'Sent when a credit note is issued for a refund of a paid invoice.',
  },
  'customer.balance.updated': {
    object: 'customer_balance',
    description:
      'Sent when the customer balance changes: a credit note credited it, or a finalized invoice drew on it; ' +
      '`previous.balance` is the balance before.',
    previous: { balance: 0 },
  },
  'subscription.created': {
    object: 'subscription',
    description: 'Sent when the first payment of a new subscription succeeds and it starts.',
  },
  'subscription.updated': {
    object: 'subscription',
    description:
      'Sent when the subscription changes: a plan or tier change, a renewal (new period), a scheduled change, cancel and resume, past due and back. `previous` holds the fields that changed.',
    previous: { cancelAtPeriodEnd: true, activeUntil: '2027-05-01T00:00:00.000Z' },
  },
  'subscription.trial_will_end': {
    object: 'subscription',
    description:
      'Sent once per trial, 3 days before it ends (at once for a shorter trial): `object.trialEnd` is when the first period is invoiced and charged, `object.status` is trialing.',
    example: { status: 'trialing', trialEnd: '2027-04-15T00:00:00.000Z' },
  },
  'subscription.canceled': {
    object: 'subscription',
    description:
      'Sent when the subscription ends (at the period end after a cancel, or after the last failed retry): the workspace is on Free (or Flex) now. `previous.status` tells which: active, or past_due.',
    previous: { status: 'past_due' },
    example: { status: 'canceled' },
  },
  'seats.updated': {
    object: 'subscription',
    description: 'Sent when seats (max users) are bought now; `previous.seats` is the number before.',
    previous: { seats: 2 },
  },
  'credits.granted': {
    object: 'credit_transaction',
    description: 'Sent when credits are added: a Pro period, a purchase, a promotion or an adjustment.',
  },
  'credits.consumed': {
    object: 'credit_usage_report',
    description: 'Sent once per workspace per run of the jobs (about every minute) with the debits since the last one.',
  },
  'credits.low_balance': {
    object: 'credit_transaction',
    description: 'Sent when a change takes the balance below the low-balance mark: `object` is that ledger entry.',
    example: { type: 'debit', credits: -300, balanceAfter: 80, description: 'usage', grantId: null },
  },
  'credits.depleted': {
    object: 'credit_transaction',
    description: 'Sent when a change takes the balance to zero: `object` is that ledger entry.',
    example: { type: 'debit', credits: -80, balanceAfter: 0, description: 'usage', grantId: null },
  },
  'customer.discount.created': {
    object: 'discount',
    description: 'Sent when a promotion code starts a discount with a new subscription (before its first payment).',
  },
  [testEventType]: {
    object: 'webhook_endpoint',
    description: 'Sent to one endpoint when "Send test event" is asked for; it has no sequence number (null).',
  },
};

function summaryOf(type: BillingEventType): string {
  return type === testEventType ? 'A test event, sent on request to one endpoint' : describeEventType(type);
}

/** JSON Schema 2020-12 of a zod schema, as the API's responses are sent (dates as ISO strings). */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'date') {
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.format = 'date-time';
      }
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** The payload of one event type: the envelope every event shares, with this type's object. */
export function eventPayloadSchema(type: BillingEventType): Record<string, unknown> {
  const doc = docs[type];
  return {
    type: 'object',
    required: ['id', 'type', 'createdAt', 'workspaceId', 'sequence', 'data'],
    properties: {
      id: { type: 'string', description: 'evt_…; also the webhook-id header, to deduplicate deliveries' },
      type: { const: type },
      createdAt: { type: 'string', format: 'date-time' },
      workspaceId: { type: 'string' },
      sequence: {
        type: type === testEventType ? 'null' : 'integer',
        description: 'Gap-less per workspace from 1: events of one workspace are numbered in the order they happened',
      },
      data: {
        type: 'object',
        required: ['object'],
        properties: {
          object: { ...jsonSchemaOf(objects[doc.object].schema), description: objects[doc.object].about },
          previous: {
            type: 'object',
            additionalProperties: true,
            description: 'The old values of the fields of `object` this change touched',
          },
        },
      },
    },
  };
}

/** An example payload of one event type. */
export function eventPayloadExample(type: BillingEventType): Record<string, unknown> {
  const doc = docs[type];
  const object = { ...examples[doc.object], ...doc.example };
  return {
    id: 'evt_01jqz7b2c3d4e5f6g7h8j9k0m1',
    type,
    createdAt: '2027-04-01T00:00:02.000Z',
    workspaceId: 'ws_01jqz0a9b8c7d6e5f4g3h2j1k0',
    sequence: type === testEventType ? null : 42,
    data: doc.previous ? { object, previous: doc.previous } : { object },
  };
}

/** The `webhooks` of the OpenAPI document: one POST per event type, as Billfold sends it to an endpoint. */
export function webhooksDocument() {
  return Object.fromEntries(
    billingEventTypes.map((type) => [
      type,
      {
        post: {
          operationId: `webhook:${type}`,
          summary: summaryOf(type),
          description: `${docs[type].description} \`data.object\` is ${objects[docs[type].object].about}. Signed per the Standard Webhooks specification (webhook-id, webhook-timestamp, webhook-signature headers).`,
          tags: ['Webhooks'],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: eventPayloadSchema(type), example: eventPayloadExample(type) },
            },
          },
          responses: {
            '200': { description: 'Any 2xx answer marks the delivery succeeded; others are retried with backoff' },
          },
        },
      },
    ]),
  );
}
