// Calls Billfold's API from the page: JSON in and out, an Idempotency-Key on every change (the caller's, when it
// retries an intent; see intent-key.ts), typed errors.

export interface ApiErrorBody {
  error: { type: string; code: string; message: string; param?: string };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param: string | undefined;

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.param = body.param;
  }
}

/** No answer reached the page (the network dropped, the server went away): the request may or may not have run. */
export class ConnectionLostError extends Error {
  constructor() {
    super('The connection to Billfold was lost before it answered. Check your connection and try again.');
  }
}

/**
 * One call. A change gets the Idempotency-Key it is given (every retry of one intent sends the same key, so the
 * server runs it once), else a fresh one.
 */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: { idempotencyKey?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ConnectionLostError();
  }
  const text = await response.text();
  const data = parseJson(text);
  if (!response.ok) {
    const error = (data as Partial<ApiErrorBody> | null)?.error;
    const message = error?.message ?? (data as { message?: string } | null)?.message ?? response.statusText;
    throw new ApiError(response.status, {
      type: error?.type ?? 'unknown',
      code: error?.code ?? 'unknown',
      message,
      param: error?.param,
    });
  }
  return data as T;
}

// A proxy or a crashed server can answer with HTML; say what happened instead of throwing a SyntaxError.
function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { message: 'The server sent an unexpected answer. Try again in a moment.' };
  }
}

export function isApiError(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.status === status;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  role: string;
  /** What the signed-in user may do here, as the server decides it. */
  permissions: WorkspacePermission[];
  /** The plan the workspace is on; `credits` is Flex (prepaid credits, no subscription). */
  plan: { id: string; name: string; kind: 'free' | 'credits' | 'subscription' };
}

export type WorkspacePermission =
  | 'billing:view'
  | 'billing:manage'
  | 'members:view'
  | 'members:manage'
  | 'roles:manage'
  | 'api_keys:manage'
  | 'webhooks:manage'
  | 'credits:consume';

export interface Member {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: string;
}

export interface Invite {
  id: string;
  email: string;
  role: string;
  status: 'pending' | 'expired' | 'accepted' | 'canceled' | 'rejected';
  expiresAt: string;
  createdAt: string;
  acceptUrl: string;
}

export interface Role {
  name: string;
  builtIn: boolean;
  permissions: ('billing' | 'members')[];
}

export interface InviteForInvitee extends Invite {
  workspace: { id: string; slug: string; name: string };
  invitedBy: { name: string; email: string };
}

export type BillingInterval = 'month' | 'year';

export interface NamedRef {
  id: string;
  name: string;
}

/** An amount that will be charged on a date, tax included. */
export interface ScheduledCharge {
  amount: number;
  currency: string;
  date: string;
}

/** A plan or seat change that takes effect at the period end. */
export interface ScheduledChange {
  plan: NamedRef;
  tier: NamedRef | null;
  /** Null for a plan without a subscription (Flex Credits). */
  interval: BillingInterval | null;
  seats: number | null;
  effectiveAt: string;
}

export interface Subscription {
  id: string;
  status: 'incomplete' | 'active' | 'past_due' | 'canceled' | 'trialing';
  plan: NamedRef;
  tier: NamedRef | null;
  interval: BillingInterval;
  /** Bought seats (per-seat plans such as Team); null when the plan sets max users itself. */
  seats: number | null;
  currency: string;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  /** When the free trial it started with ends (the first period is charged then); null without one. */
  trialEnd: string | null;
  cancelAtPeriodEnd: boolean;
  /** When a canceled subscription ends; set while cancelAtPeriodEnd. */
  activeUntil: string | null;
  /** A downgrade waiting for the renewal; null while canceled (see scheduledChangeOnResume). */
  scheduledChange: ScheduledChange | null;
  /** While cancelAtPeriodEnd: the change scheduled before the cancel, which Resume brings back (null otherwise). */
  scheduledChangeOnResume: ScheduledChange | null;
  /** The renewal invoice whose charge failed or waits for the bank's confirmation, while dunning retries it. */
  pastDue: {
    invoiceId: string;
    number: string;
    amount: number;
    currency: string;
    reason: 'payment_failed' | 'action_required' | 'no_payment_method';
    failureMessage: string | null;
    /** Where the cardholder confirms the payment, when the reason is action_required. */
    nextActionUrl: string | null;
    nextRetryAt: string | null;
  } | null;
}

export interface BillingSummary {
  workspace: { id: string; slug: string; name: string };
  plan: { id: string; name: string; tier: NamedRef | null; interval: BillingInterval | null };
  /** Null on Free and Flex, which have nothing to renew. */
  subscription: Subscription | null;
  seats: { activeUsers: number; pendingInvites: number; maxUsers: number };
  /** What the renewal will charge. */
  nextCharge: ScheduledCharge | null;
  /** Test mode: the clock the workspace's billing reads time from. */
  testClock: { id: string; frozenTime: string } | null;
  /** The credit balance and this period's use; null on plans without credits (Free, Team). */
  credits: CreditsSummary | null;
  /** The default card, charged for renewals and open invoices. */
  paymentMethod: { id: string; brand: string; last4: string; expMonth: number; expYear: number } | null;
  /** The subscription's discount while it lasts (a promotion code's coupon). */
  discount: Discount | null;
  permissions: { view: boolean; manage: boolean };
}

/** A coupon on the subscription: what it takes off, and until when (null: forever). */
export interface Discount {
  couponId: string;
  name: string;
  /** As its invoice line reads: "20% off for 3 months (SPRING20)". */
  description: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  durationInMonths: number | null;
  startedAt: string;
  /** Periods starting at or after it are charged in full; null: forever. */
  endsAt: string | null;
  promotionCode: string | null;
}

/** Credits as the summary gives them: the period is Pro's subscription period, else since the last purchase. */
export interface CreditsSummary {
  balance: number;
  /** periodUsed + balance. */
  periodTotal: number;
  periodUsed: number;
  /** When Pro grants the next period's credits; null on Flex. */
  renewsAt: string | null;
}

/** A grant still open: what it added, what is left of it, and when the rest expires (null: never). */
export interface CreditGrant {
  id: string;
  source: 'plan_period' | 'purchase' | 'promo' | 'adjustment';
  credits: number;
  remaining: number;
  expiresAt: string | null;
  grantedAt: string;
  description: string;
}

export interface CreditPack {
  id: string;
  credits: number;
  currency: string;
  unitAmount: number;
}

/** Any number of credits within bounds, priced per 1,000 credits. */
export interface CustomCredits {
  minCredits: number;
  maxCredits: number;
  currency: string;
  unitAmountPer1000: number;
}

/** Buy a pack when a debit takes the balance below the threshold. */
export interface AutoTopUp {
  enabled: boolean;
  packId: string | null;
  threshold: number | null;
}

/** GET /v1/workspaces/:ws/credits. */
export interface Credits extends CreditsSummary {
  periodStart: string | null;
  grants: CreditGrant[];
  /** Credits consumed per UTC day, the last 30 days, oldest first. */
  usage: { date: string; credits: number }[];
  autoTopUp: AutoTopUp;
  /** What the plan sells; null when it sells no credits (Free, Team). */
  purchase: { packs: CreditPack[]; custom: CustomCredits | null } | null;
}

/** One ledger entry; credits are signed (a debit or expiry is negative). */
export interface CreditTransaction {
  id: string;
  type: 'grant' | 'debit' | 'expiry' | 'adjustment';
  credits: number;
  balanceAfter: number;
  description: string;
  metadata: Record<string, unknown> | null;
  actor: { type: 'user' | 'api_key' | 'system'; id: string | null };
  grantId: string | null;
  createdAt: string;
}

/** What a purchase answers: granted at once, or waiting for the bank's confirmation of its invoice. */
export interface CreditPurchaseResult {
  purchase: { id: string; credits: number; status: 'granted' | 'requires_action' };
  invoice: Invoice | null;
}

export interface PaymentMethod {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: string;
}

/** What the card processor's tokenization endpoint answers; the card number itself never reaches /v1. */
export interface CardToken {
  id: string;
  card: { brand: string; last4: string; expMonth: number; expYear: number };
}

/** The buyer printed on invoices; every field is null until they are first saved. */
export interface BillingDetails {
  legalName: string | null;
  email: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  country: string | null;
  taxId: string | null;
  updatedAt: string | null;
}

export type BillingDetailsInput = {
  [K in 'legalName' | 'email' | 'addressLine1' | 'city' | 'postalCode' | 'country']: string;
} & { [K in 'addressLine2' | 'region' | 'taxId']: string | null };

export type InvoiceStatus = 'open' | 'paid' | 'void' | 'uncollectible';

export interface InvoicePayment {
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed';
  /** Why the last charge failed, in the card processor's words. */
  failureMessage: string | null;
  /** Where the cardholder confirms a payment that requires authentication. */
  nextActionUrl: string | null;
}

export interface Invoice {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  /** Amounts in the currency's minor units. */
  subtotal: number;
  tax: number;
  total: number;
  taxRate: { country: string; percent: string } | null;
  issuedAt: string | null;
  paidAt: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  lines: (InvoiceLine & { periodStart: string | null; periodEnd: string | null })[];
  paymentMethod: { brand: string; last4: string } | null;
  billingDetails: Omit<BillingDetails, 'updatedAt'> | null;
  payment: InvoicePayment | null;
  /** Why a void invoice is void, in words for the payer ("Payment declined — nothing was charged"); else null. */
  voidReason: string | null;
  /** What the customer balance paid of it when it was finalized; the card is charged `amountDue`. */
  appliedBalance: number;
  amountDue: number;
  /** What its credit notes took back, to the card or the customer balance. */
  amountCredited: number;
  /** Its credit notes, oldest first. */
  creditNotes: InvoiceCreditNote[];
  hostedUrl: string;
  pdfUrl: string;
}

/** The customer balance (GET …/balance), in Stripe's sign: negative is credit the workspace holds. */
export interface CustomerBalance {
  balance: number;
  currency: string;
}

export type CreditNoteReason = 'duplicate' | 'fraudulent' | 'requested_by_customer' | 'other';

/** A credit note as its invoice lists it. */
export interface InvoiceCreditNote {
  id: string;
  number: string;
  total: number;
  creditedTo: 'card' | 'balance';
  issuedAt: string;
  hostedUrl: string;
  pdfUrl: string;
}

/** A credit note (POST …/invoices/:inv/refunds answers one). */
export interface CreditNote extends InvoiceCreditNote {
  invoiceId: string;
  invoiceNumber: string;
  currency: string;
  subtotal: number;
  tax: number;
  reason: CreditNoteReason;
  memo: string | null;
}

/** The catalog (GET /v1/plans); amounts in minor units. */
export interface Plan {
  id: string;
  name: string;
  kind: 'free' | 'credits' | 'subscription';
  /** Max users on this plan; null when seats are bought (per-seat prices). */
  seatLimit: number | null;
  prices: { interval: BillingInterval; currency: string; unitAmount: number; perSeat: boolean }[];
  tiers: {
    id: string;
    name: string;
    creditsPerPeriod: number;
    /** `creditsPerPeriod`: what one period at this price grants (yearly: a year's worth). */
    prices: { interval: BillingInterval; currency: string; unitAmount: number; creditsPerPeriod: number }[];
    /** Days of free trial on this tier; null: the plan's. */
    trialDays: number | null;
    /** Whether the tier's trial needs a card; null: the plan's. */
    trialRequiresCard: boolean | null;
  }[];
  creditPacks: CreditPack[];
  /** Days of free trial a workspace's first subscription to the plan starts with; null: none. */
  trialDays: number | null;
  trialRequiresCard: boolean;
}

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
  proration: boolean;
}

/** What a plan or seat change (or a cancel: GET …/subscription/cancel/preview) would cost now, and when it takes
 * effect ('unchanged': it calls off a scheduled change or a cancel, if there is one, and nothing else). */
export interface SubscriptionPreview {
  effective: 'unchanged' | 'now' | 'period_end';
  effectiveAt: string;
  currency: string;
  lines: InvoiceLine[];
  subtotal: number;
  tax: number;
  amountDue: number;
  /** Null: no next invoice (Free, Flex, a cancel). */
  nextCharge: ScheduledCharge | null;
  /** Set when the change starts a free trial: nothing is due before this day. */
  trialEnd: string | null;
  consequences: ChangeConsequences;
}

/** What a change (or a cancel) takes away besides the price; each part is null when it does not apply. */
export interface ChangeConsequences {
  /** The plan after the change allows fewer users than hold a seat now: they stay, but no invite can be sent. */
  membersOverLimit: { seatLimit: number; seatsInUse: number; activeUsers: number; pendingInvites: number } | null;
  /** The plan's period credits that end at the change and are not carried over. */
  creditsExpiring: { credits: number; at: string } | null;
}

/** What every subscription change answers: the subscription now, and the invoice it issued (none when scheduled). */
/** What ending the subscription now would refund (GET …/subscription/terminate/preview). */
export interface TerminationPreview {
  refundAmount: number;
  currency: string;
  invoiceId: string | null;
}

export interface SubscriptionChangeResult {
  subscription: Subscription;
  invoice: Invoice | null;
}

export interface Session {
  user: { id: string; email: string; name: string };
}
