// Kysely table types. The auth tables are better-auth's (camelCase columns); Billfold's own
// tables use snake_case. int8 columns arrive as numbers (see connection.ts).
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { BillingReason } from '../domain/invoices/billing-reason.ts';
import type { InvoiceStatusName } from '../domain/invoices/invoice-status.ts';
import type { PendingChange, SubscriptionStatus } from '../domain/subscriptions/subscription.ts';
import type { SubscriptionPrice } from '../domain/subscriptions/subscription-price.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  createdAt: DefaultTimestamp;
  updatedAt: DefaultTimestamp;
}

/** better-auth's sessions: read by the /v1 routes' session lookup (src/auth/signed-in-user.ts), written by better-auth. */
export interface SessionTable {
  id: string;
  expiresAt: Timestamp;
  token: string;
  createdAt: DefaultTimestamp;
  updatedAt: Timestamp;
  ipAddress: string | null;
  userAgent: string | null;
  userId: string;
  activeOrganizationId: string | null;
}

export interface OrganizationTable {
  id: string;
  name: string;
  slug: string;
  logo: string | null;
  createdAt: Timestamp;
  metadata: string | null;
}

export interface MemberTable {
  id: string;
  organizationId: string;
  userId: string;
  /** One role name: owner, admin, billing, member or a custom role of the workspace. */
  role: string;
  createdAt: Timestamp;
}

export interface InvitationTable {
  id: string;
  organizationId: string;
  email: string;
  role: string | null;
  status: 'pending' | 'accepted' | 'rejected' | 'canceled';
  expiresAt: Timestamp;
  createdAt: DefaultTimestamp;
  inviterId: string;
}

export interface OrganizationRoleTable {
  id: string;
  organizationId: string;
  role: string;
  /** JSON of better-auth's permission statement, e.g. {"billing":["view","manage"]}. */
  permission: string;
  createdAt: DefaultTimestamp;
  updatedAt: Date | null;
}

export interface WorkspaceBillingTable {
  workspace_id: string;
  plan_id: string;
  /** Seats bought; null means the plan's own seat limit. */
  max_users: number | null;
  default_payment_method_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set when the workspace's billing reads time from a test clock instead of the system clock. */
  test_clock_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ApiKeyTable {
  id: string;
  workspace_id: string;
  name: string;
  token_prefix: string;
  token_hash: string;
  created_by_user_id: string | null;
  created_at: DefaultTimestamp;
  revoked_at: Date | null;
  /** The scopes chosen at creation (src/domain/access/api-key-scopes.ts). */
  scopes: string[];
  /** Kept to about the minute: written only when the stored time is a minute old. */
  last_used_at: Date | null;
}

export interface IdempotencyRecordTable {
  actor_key: string;
  idempotency_key: string;
  request_fingerprint: string;
  /** running: nothing committed yet; committed: a write of the request committed; completed: its answer is kept. */
  state: 'running' | 'committed' | 'completed';
  /** The run that holds the key; a write transaction of any other run is refused. */
  claim_token: ColumnType<string | null, string | null | undefined, string | null>;
  /** When that run took the key (null on rows from before claims: their created_at). */
  claimed_at: ColumnType<Date | null, Date | undefined, Date>;
  /** Set when a run that committed something answered 5xx: no run holds the key any more. */
  given_up_at: ColumnType<Date | null, never, Date | null>;
  response_status: number | null;
  response_body: string | null;
  response_content_type: string | null;
  created_at: Timestamp;
  completed_at: Date | null;
}

export interface AuditLogTable {
  id: string;
  workspace_id: string;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  action: string;
  target_id: string | null;
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
}

/** better-auth's sign-in/sign-up rate-limit counters. */
export interface RateLimitTable {
  id: string;
  key: string;
  count: number;
  lastRequest: number;
}

/** Declined card attempts of one subject ("workspace:…" or "address:…") in one fixed window (migration 0010). */
export interface CardAttemptCounterTable {
  subject: string;
  window_start: Timestamp;
  attempts: number;
}

/** A card saved for a workspace: only the gateway's reference and what the page shows, never the number. */
export interface PaymentMethodTable {
  id: string;
  workspace_id: string;
  gateway: string;
  gateway_ref: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  created_at: Timestamp;
  /** Removed methods stay for the attempts and invoices that used them. */
  removed_at: Date | null;
}

export interface BillingDetailsTable {
  workspace_id: string;
  legal_name: string;
  email: string;
  address_line1: string;
  address_line2: string | null;
  city: string;
  postal_code: string;
  region: string | null;
  /** ISO 3166-1 alpha-2, upper case; picks the tax rate. */
  country: string;
  tax_id: string | null;
  updated_at: Timestamp;
}

export interface InvoiceNumberCounterTable {
  prefix: string;
  last_number: number;
}

type Json<T> = ColumnType<T, string | null, string | null>;

export interface InvoiceBuyerSnapshot {
  legalName: string;
  email: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  postalCode: string;
  region: string | null;
  country: string;
  taxId: string | null;
}

export interface InvoicePaymentMethodSnapshot {
  id: string;
  brand: string;
  last4: string;
}

export interface InvoiceTaxRateSnapshot {
  country: string;
  /** Decimal percent as configured, e.g. "19" or "8.875". */
  percent: string;
}

export interface InvoiceTable {
  id: string;
  workspace_id: string;
  /** Null while draft; PREFIX-000123 from the counter row once finalized. */
  number: string | null;
  status: InvoiceStatusName;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  tax_rate: Json<InvoiceTaxRateSnapshot | null>;
  period_start: Date | null;
  period_end: Date | null;
  buyer: Json<InvoiceBuyerSnapshot | null>;
  payment_method: Json<InvoicePaymentMethodSnapshot | null>;
  /** The unguessable part of the hosted invoice page's URL. */
  hosted_token: string;
  created_at: Timestamp;
  issued_at: Date | null;
  paid_at: Date | null;
  voided_at: Date | null;
  subscription_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** What the invoice was issued for; null on invoices from before subscriptions. */
  billing_reason: ColumnType<BillingReason | null, BillingReason | null | undefined, BillingReason | null>;
  /** The keyed request that issued it, so a retry of that request resumes this invoice instead of a new one. */
  request_ref: ColumnType<string | null, string | null | undefined, never>;
  /** What the customer balance paid of it at finalization (docs/decisions/023); the card is charged the rest. */
  applied_balance: ColumnType<number, number | undefined, number>;
}

export interface TestClockTable {
  id: string;
  workspace_id: string;
  frozen_time: Date;
  created_at: Timestamp;
}

/**
 * What is scheduled for the period end, as stored beside `cancel_at_period_end` and `ends_with_plan_id`: a price
 * and seats to renew at, or (kept under a cancel for Resume) a plan to switch to. subscriptions.queries.ts maps
 * the three columns to the domain's one PeriodEndChange.
 */
export type StoredScheduledChange = { price: SubscriptionPrice; seats: number | null } | { planId: string };

export interface SubscriptionTable {
  id: string;
  workspace_id: string;
  status: SubscriptionStatus;
  price: Json<SubscriptionPrice>;
  /** Seats bought, on per-seat prices; null otherwise. */
  seats: number | null;
  anchor: Date;
  /** Which period after the anchor is current (0 for the first). */
  period_index: number;
  current_period_start: Date;
  current_period_end: Date;
  cancel_at_period_end: ColumnType<boolean, boolean | undefined, boolean>;
  /** The plan a canceled subscription leaves the workspace on (free, or flex). */
  ends_with_plan_id: string | null;
  scheduled_change: Json<StoredScheduledChange | null>;
  past_due_since: Date | null;
  retries_done: ColumnType<number, number | undefined, number>;
  next_retry_at: Date | null;
  dunning_invoice_id: string | null;
  created_at: Timestamp;
  canceled_at: Date | null;
  /** When the free trial the subscription started with ends; null without one (migration 0016). */
  trial_end: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Whether the trial's end was announced (`subscription.trial_will_end`, once per trial). */
  trial_end_announced: ColumnType<boolean, boolean | undefined, boolean>;
}

/** A workspace's trial of a plan: one per workspace and plan, kept after the subscription ends. */
export interface TrialUseTable {
  workspace_id: string;
  plan_id: string;
  subscription_id: string;
  started_at: Date;
}

export interface SubscriptionChangeTable {
  id: string;
  workspace_id: string;
  subscription_id: string;
  invoice_id: string;
  kind: PendingChange['kind'];
  change: Json<PendingChange>;
  status: 'pending' | 'applied' | 'dropped';
  created_at: Timestamp;
  settled_at: Date | null;
  /** Who asked for the change (null: the system). */
  requested_by_type: Generated<'user' | 'api_key' | 'system' | null>;
  requested_by_id: Generated<string | null>;
}

export interface InvoiceLineTable {
  invoice_id: string;
  position: number;
  description: string;
  quantity: number;
  unit_amount: number;
  amount: number;
  period_start: Date | null;
  period_end: Date | null;
  proration: boolean;
}

/** An issued invoice's PDF as it printed when first downloaded (docs/decisions/019-stored-invoice-pdfs.md). */
export interface InvoicePdfTable {
  invoice_id: string;
  /** SHA-256 (hex) of what the PDF prints; a download whose content differs renders and replaces it. */
  printed_digest: string;
  /** Buffer on Postgres, Uint8Array on PGlite. */
  pdf: Uint8Array;
  rendered_at: Date;
}

export type PaymentAttemptStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed';

export interface PaymentAttemptTable {
  /** Also the gateway idempotency key of the charge. */
  id: string;
  invoice_id: string;
  workspace_id: string;
  payment_method_id: string;
  amount: number;
  currency: string;
  status: PaymentAttemptStatus;
  gateway_charge_ref: string | null;
  next_action_url: string | null;
  failure_code: string | null;
  failure_message: string | null;
  created_at: Timestamp;
  resolved_at: Date | null;
  /** The keyed "pay" request that started it, so a retry of that request resumes this attempt. */
  request_ref: ColumnType<string | null, string | null | undefined, never>;
}

/** The one counter row of credit note numbers (prefix CN), bumped in the transaction that issues a note. */
export interface CreditNoteNumberCounterTable {
  prefix: string;
  last_number: number;
}

export type CreditNoteReason = 'duplicate' | 'fraudulent' | 'requested_by_customer' | 'other';
export type CreditedTo = 'card' | 'balance';

export interface CreditNoteLineSnapshot {
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
}

/** An issued credit note: immutable (a trigger refuses any update) and never deleted. */
export interface CreditNoteTable {
  id: string;
  workspace_id: string;
  invoice_id: string;
  /** CN-000001, gap-less. */
  number: string;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  reason: CreditNoteReason;
  memo: string | null;
  credited_to: CreditedTo;
  lines: Json<CreditNoteLineSnapshot[]>;
  hosted_token: string;
  issued_at: Date;
}

/** A refund of a paid invoice: pending until the gateway refunded it (its id is the gateway's idempotency key). */
export interface RefundTable {
  id: string;
  workspace_id: string;
  invoice_id: string;
  payment_attempt_id: string | null;
  amount: number;
  currency: string;
  reason: CreditNoteReason;
  memo: string | null;
  credited_to: CreditedTo;
  status: 'pending' | 'succeeded';
  gateway_refund_ref: string | null;
  credit_note_id: string | null;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  request_ref: string | null;
  created_at: Timestamp;
  resolved_at: Date | null;
}

/** The customer balance's append-only ledger (negative balance: credit the workspace holds). */
export interface CustomerBalanceTransactionTable {
  id: string;
  seq: Generated<number>;
  workspace_id: string;
  type: 'credit_note' | 'applied_to_invoice' | 'invoice_credit' | 'unapplied_from_invoice';
  /** Signed: negative credits the workspace, positive draws on its credit. */
  amount: number;
  balance_after: number;
  currency: string;
  credit_note_id: string | null;
  invoice_id: string | null;
  description: string;
  created_at: Timestamp;
}

export interface OutboxEventTable {
  id: string;
  workspace_id: string;
  type: string;
  data: Json<unknown>;
  created_at: Timestamp;
  /** Given, gap-less per workspace, when the event is published to its subscribers. */
  sequence: number | null;
  published_at: Timestamp | null;
}

export interface WorkspaceEventCounterTable {
  workspace_id: string;
  last_sequence: number;
}

export interface WebhookEndpointTable {
  id: string;
  workspace_id: string;
  url: string;
  description: Generated<string>;
  /** Empty: every event type. */
  event_types: string[];
  enabled: Generated<boolean>;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Timestamp | null;
  failing_since: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface WebhookDeliveryTable {
  id: string;
  workspace_id: string;
  endpoint_id: string;
  event_id: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  leased_until: Timestamp | null;
  last_attempt_at: Timestamp | null;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number | null;
  replay_of: string | null;
  created_at: Timestamp;
}

export interface EmailMessageTable {
  id: string;
  workspace_id: string | null;
  kind: string;
  cause_id: string;
  to_addresses: string[];
  subject: string;
  html: string;
  text: string;
  attach_invoice_id: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  leased_until: Timestamp | null;
  error: string | null;
  sent_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SandboxTokenTable {
  id: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  behavior: string;
  created_at: Timestamp;
  used_at: Date | null;
}

export interface SandboxCardTable {
  id: string;
  token_id: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  behavior: string;
  created_at: Timestamp;
}

export interface SandboxChargeTable {
  id: string;
  idempotency_key: string;
  card_id: string;
  amount: number;
  currency: string;
  description: string;
  status: 'succeeded' | 'failed' | 'requires_action';
  failure_code: string | null;
  failure_message: string | null;
  amount_refunded: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SandboxRefundTable {
  id: string;
  idempotency_key: string;
  charge_id: string;
  amount: number;
  created_at: Timestamp;
}

/** One open grant in the wallet row, as stored (times as ISO strings). */
export interface StoredOpenGrant {
  id: string;
  remaining: number;
  expiresAt: string | null;
  grantedAt: string;
}

/** A workspace's credit wallet: locked by every debit (docs/decisions/007). */
export interface CreditAccountTable {
  workspace_id: string;
  balance: ColumnType<number, number | undefined, number>;
  open_grants: ColumnType<StoredOpenGrant[], string | undefined, string>;
  next_expiry_at: Date | null;
  period_start: Timestamp;
  period_consumed: ColumnType<number, number | undefined, number>;
  low_balance_threshold: number | null;
  auto_top_up_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  auto_top_up_pack_id: string | null;
  auto_top_up_threshold: number | null;
  auto_top_up_armed: ColumnType<boolean, boolean | undefined, boolean>;
  unreported_credits: ColumnType<number, number | undefined, number>;
  unreported_debits: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export type CreditGrantSource = 'plan_period' | 'purchase' | 'promo' | 'adjustment';

export interface CreditGrantTable {
  id: string;
  workspace_id: string;
  source: CreditGrantSource;
  credits: number;
  expires_at: Date | null;
  granted_at: Timestamp;
  description: string;
  invoice_id: string | null;
  subscription_id: string | null;
}

export type CreditTransactionType = 'grant' | 'debit' | 'expiry' | 'adjustment';

export interface CreditTransactionTable {
  id: string;
  /** Ledger order within a workspace (an identity column). */
  seq: Generated<number>;
  workspace_id: string;
  type: CreditTransactionType;
  /** Signed: grants add, debits and expiries take away. */
  credits: number;
  balance_after: number;
  grant_id: string | null;
  drawn_from: Json<{ grantId: string; credits: number }[] | null>;
  description: string;
  metadata: Json<Record<string, unknown> | null>;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  idempotency_key: string | null;
  request_fingerprint: string | null;
  created_at: Timestamp;
}

export interface CreditUsageDayTable {
  workspace_id: string;
  /** UTC calendar day, YYYY-MM-DD. */
  day: ColumnType<string, string, string>;
  credits: number;
  debits: number;
}

export interface CreditPurchaseTable {
  id: string;
  workspace_id: string;
  invoice_id: string | null;
  pack_id: string | null;
  credits: number;
  reason: 'manual' | 'auto_top_up';
  /** requested (auto top-up, no invoice yet) → pending (invoice being paid) → granted | failed. */
  status: 'requested' | 'pending' | 'granted' | 'failed';
  failure_message: string | null;
  created_at: Timestamp;
  settled_at: Date | null;
}

export interface CouponTable {
  id: string;
  name: string;
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  duration_months: number | null;
  plan_ids: string[] | null;
  max_redemptions: number | null;
  times_redeemed: Generated<number>;
  redeem_by: Date | null;
  created_at: Timestamp;
}

export interface PromotionCodeTable {
  id: string;
  coupon_id: string;
  code: string;
  max_redemptions: number | null;
  times_redeemed: Generated<number>;
  expires_at: Date | null;
  first_time_only: boolean;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface SubscriptionDiscountTable {
  subscription_id: string;
  workspace_id: string;
  coupon_id: string;
  promotion_code_id: string | null;
  started_at: Timestamp;
  ends_at: Date | null;
}

export interface Database {
  user: UserTable;
  session: SessionTable;
  organization: OrganizationTable;
  member: MemberTable;
  invitation: InvitationTable;
  organizationRole: OrganizationRoleTable;
  workspace_billing: WorkspaceBillingTable;
  api_key: ApiKeyTable;
  idempotency_record: IdempotencyRecordTable;
  audit_log: AuditLogTable;
  rateLimit: RateLimitTable;
  card_attempt_counter: CardAttemptCounterTable;
  payment_method: PaymentMethodTable;
  billing_details: BillingDetailsTable;
  invoice_number_counter: InvoiceNumberCounterTable;
  invoice: InvoiceTable;
  test_clock: TestClockTable;
  subscription: SubscriptionTable;
  subscription_change: SubscriptionChangeTable;
  trial_use: TrialUseTable;
  invoice_line: InvoiceLineTable;
  invoice_pdf: InvoicePdfTable;
  payment_attempt: PaymentAttemptTable;
  credit_note_number_counter: CreditNoteNumberCounterTable;
  credit_note: CreditNoteTable;
  refund: RefundTable;
  customer_balance_transaction: CustomerBalanceTransactionTable;
  outbox_event: OutboxEventTable;
  workspace_event_counter: WorkspaceEventCounterTable;
  webhook_endpoint: WebhookEndpointTable;
  webhook_delivery: WebhookDeliveryTable;
  email_message: EmailMessageTable;
  credit_account: CreditAccountTable;
  credit_grant: CreditGrantTable;
  credit_transaction: CreditTransactionTable;
  credit_usage_day: CreditUsageDayTable;
  credit_purchase: CreditPurchaseTable;
  sandbox_token: SandboxTokenTable;
  sandbox_card: SandboxCardTable;
  sandbox_charge: SandboxChargeTable;
  sandbox_refund: SandboxRefundTable;
  coupon: CouponTable;
  promotion_code: PromotionCodeTable;
  subscription_discount: SubscriptionDiscountTable;
}

export type Member = Selectable<MemberTable>;
export type Invitation = Selectable<InvitationTable>;
export type PaymentMethodRow = Selectable<PaymentMethodTable>;
export type InvoiceRow = Selectable<InvoiceTable>;
export type InvoiceLineRow = Selectable<InvoiceLineTable>;
export type PaymentAttemptRow = Selectable<PaymentAttemptTable>;
export type SubscriptionRow = Selectable<SubscriptionTable>;
export type WorkspaceBillingRow = Selectable<WorkspaceBillingTable>;
export type CreditAccountRow = Selectable<CreditAccountTable>;
