// The activity log's sentences: what an audit entry did, in the words of the Plan & Billing page ("Changed plan
// from Team (monthly) to Pro · Growth (monthly)", "Set max users from 5 to 8"). Dates and amounts are formatted
// as the page formats them (en-US, billing dates in UTC).
import { formatCredits } from '../../domain/credits/credit-offer.ts';
import { formatMoney } from '../../domain/money/money.ts';

/** The names a sentence needs beyond its entry, looked up for a whole page at once. */
export interface ActivityNames {
  invoice(id: string): { number: string | null; total: number; currency: string } | undefined;
  memberName(id: string): string | undefined;
  planName(id: string): string;
  roleLabel(role: string): string;
}

export interface SummarizedEntry {
  action: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

type Fields = Record<string, unknown>;

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function summarizeActivity(entry: SummarizedEntry, names: ActivityNames): string {
  const before = fieldsOf(entry.before);
  const after = fieldsOf(entry.after);
  const invoice = (id: unknown) => invoiceName(names, typeof id === 'string' ? id : null);
  switch (entry.action) {
    case 'subscription.started':
      return `Subscribed to ${priceName(after)}${seatsPart(after)}`;
    case 'subscription.trial_started':
      return `Started a free trial of ${priceName(after)}${seatsPart(after)}, until ${dateOf(after.trialEnd)}`;
    case 'subscription.trial_converted':
      return `Paid the first period after the trial${invoicePart(invoice(after.invoiceId))}: the subscription is active`;
    case 'subscription.plan_changed':
      return `Changed plan from ${priceName(before)} to ${priceName(after)}${seatsChangePart(before, after)}`;
    case 'subscription.seats_changed':
      return `Set max users from ${before.seats ?? 0} to ${after.seats ?? 0}`;
    case 'subscription.change_requested':
      return `Changed plan from ${names.planName(String(before.planId ?? 'free'))} to ${names.planName(String(after.planId))}`;
    case 'subscription.change_scheduled':
      return scheduledSentence(fieldsOf(after.scheduledChange), fieldsOf(after.current), after.effectiveAt, names);
    case 'subscription.scheduled_change_dropped':
      return `Canceled the scheduled change to ${scheduledName(fieldsOf(before.scheduledChange), names)}`;
    case 'subscription.canceled_at_period_end':
      return `Canceled the subscription, active until ${dateOf(after.effectiveAt)}`;
    case 'subscription.resumed':
      return 'Resumed the subscription';
    case 'subscription.renewed': {
      const changed = priceName(before) !== priceName(after) || before.seats !== after.seats;
      const now = changed ? ` on ${priceName(after)}${seatsPart(after)}` : '';
      return `Renewed the subscription${now} until ${dateOf(after.currentPeriodEnd)}${invoicePart(invoice(after.invoiceId))}`;
    }
    case 'subscription.past_due': {
      const retry = after.nextRetryAt ? `; the next retry is on ${dateOf(after.nextRetryAt)}` : '';
      const why = after.reason === 'action_required' ? ', waiting for the cardholder to confirm the payment' : '';
      return `Marked the subscription past due${why}${retry}`;
    }
    case 'subscription.payment_retried':
      return `Retried a past-due payment (retry ${after.retriesDone})${invoicePart(invoice(after.invoiceId))}`;
    case 'subscription.recovered':
      return 'Collected the past-due payment: the subscription is active again';
    case 'subscription.ended': {
      const planAfter = names.planName(String(after.planAfter ?? 'free'));
      return after.reason === 'payment_failed'
        ? `Returned the workspace to ${planAfter}: the last retry of the past-due payment failed`
        : `Ended the subscription: the workspace is on ${planAfter} now`;
    }
    case 'discount.created':
      return after.promotionCode
        ? `Applied the promotion code ${after.promotionCode}: ${after.description}`
        : `Applied a discount: ${after.description}`;
    case 'payment.succeeded':
      return `Paid ${invoice(entry.targetId) ?? 'an invoice'}`;
    case 'payment.failed': {
      const decline = fieldsOf(after.decline);
      const reason = typeof decline.message === 'string' ? `: ${decline.message}` : '';
      return `Payment failed for ${invoice(entry.targetId) ?? 'an invoice'}${reason}`;
    }
    case 'payment.requires_action':
      return `The bank asked the cardholder to confirm the payment of ${invoice(entry.targetId) ?? 'an invoice'}`;
    case 'payment_method.attached':
      return `Added ${cardName(after)}${after.isDefault === true ? ' as the default payment method' : ''}`;
    case 'payment_method.default_changed':
      return `Made ${cardName(after)} the default payment method`;
    case 'payment_method.removed':
      return `Removed ${cardName(before)}`;
    case 'billing_details.updated':
      return billingDetailsSentence(before, after);
    case 'credits.purchase_requested':
      return `Ordered ${formatCredits(Number(after.credits))} credits for ${formatMoney(Number(after.amount), String(after.currency))}`;
    case 'credits.adjusted': {
      const credits = Number(after.credits);
      const verb = credits > 0 ? 'Added' : 'Removed';
      const balance = `balance ${formatCredits(Number(before.balance ?? 0))} → ${formatCredits(Number(after.balance))}`;
      return `${verb} ${formatCredits(Math.abs(credits))} credits (${String(after.reason)}; ${balance})`;
    }
    case 'credits.auto_top_up_updated':
      return autoTopUpSentence(before, after);
    case 'invoice.issued':
      return `Issued ${invoice(entry.targetId) ?? 'an invoice'}`;
    case 'invoice.refunded': {
      const where = after.creditedTo === 'balance' ? 'to the customer balance' : 'to the card';
      return `Refunded ${formatMoney(Number(after.amount), String(after.currency))} of ${invoice(entry.targetId) ?? 'an invoice'} ${where} (credit note ${String(after.creditNote)})`;
    }
    case 'member.role_changed': {
      const who = (entry.targetId && names.memberName(entry.targetId)) ?? 'a member';
      return `Changed the role of ${who} from ${names.roleLabel(String(before.role))} to ${names.roleLabel(String(after.role))}`;
    }
    case 'invite.created':
      return `Invited ${String(after.email)} as ${names.roleLabel(String(after.role))}`;
    case 'role.created':
      return `Created the role “${entry.targetId}” with the Billing permission`;
    default:
      return entry.action;
  }
}

function fieldsOf(value: unknown): Fields {
  return value !== null && typeof value === 'object' ? (value as Fields) : {};
}

function dateOf(value: unknown): string {
  return typeof value === 'string' || value instanceof Date ? dateFormat.format(new Date(value)) : 'the period end';
}

/** "Team (monthly)", "Pro · Growth (yearly)", from a price summary or a subscription price. */
function priceName(price: Fields): string {
  const plan = fieldsOf(price.plan);
  const tier = fieldsOf(price.tier);
  const planName = String(plan.name ?? price.planName ?? price.planId ?? 'a plan');
  const tierName = tier.name ?? price.tierName;
  const interval = price.interval === 'year' ? 'yearly' : price.interval === 'month' ? 'monthly' : null;
  return `${planName}${tierName ? ` · ${String(tierName)}` : ''}${interval ? ` (${interval})` : ''}`;
}

function seatsPart(price: Fields): string {
  return typeof price.seats === 'number' ? `, ${price.seats} ${price.seats === 1 ? 'seat' : 'seats'}` : '';
}

function seatsChangePart(before: Fields, after: Fields): string {
  if (typeof after.seats !== 'number' || before.seats === after.seats) return '';
  return typeof before.seats === 'number' ? `, max users ${before.seats} → ${after.seats}` : seatsPart(after);
}

function invoiceName(names: ActivityNames, id: string | null): string | null {
  const invoice = id ? names.invoice(id) : undefined;
  if (!invoice) return null;
  const amount = formatMoney(invoice.total, invoice.currency);
  return invoice.number ? `${invoice.number} (${amount})` : `an invoice of ${amount}`;
}

function invoicePart(name: string | null): string {
  return name ? ` — ${name}` : '';
}

function cardName(card: Fields): string {
  const brand = typeof card.brand === 'string' ? card.brand[0]?.toUpperCase() + card.brand.slice(1) : 'the card';
  return typeof card.last4 === 'string' ? `${brand} ending ${card.last4}` : brand;
}

function scheduledName(change: Fields, names: ActivityNames): string {
  if (change.kind === 'switch') return names.planName(String(change.planId));
  const price = fieldsOf(change.price);
  return `${priceName(price)}${seatsPart(change)}`;
}

function scheduledSentence(change: Fields, current: Fields, effectiveAt: unknown, names: ActivityNames): string {
  const when = dateOf(effectiveAt);
  const price = fieldsOf(change.price);
  const samePlan =
    change.kind === 'change' &&
    price.planId === fieldsOf(current.plan).id &&
    (price.tierId ?? null) === (fieldsOf(current.tier).id ?? null) &&
    price.interval === current.interval;
  if (samePlan) return `Scheduled max users from ${current.seats ?? 0} to ${change.seats ?? 0} on ${when}`;
  return `Scheduled a change from ${priceName(current)} to ${scheduledName(change, names)} on ${when}`;
}

const billingDetailLabels: Record<string, string> = {
  legalName: 'legal name',
  email: 'billing email',
  addressLine1: 'address',
  addressLine2: 'address',
  city: 'city',
  postalCode: 'postal code',
  region: 'region',
  country: 'country',
  taxId: 'tax ID',
};
const listFormat = new Intl.ListFormat('en', { type: 'conjunction' });

function billingDetailsSentence(before: Fields, after: Fields): string {
  const changed = new Set(
    Object.keys(billingDetailLabels)
      .filter((key) => (before[key] ?? null) !== (after[key] ?? null))
      .map((key) => billingDetailLabels[key] as string),
  );
  if (changed.size === 0) return 'Saved the billing details unchanged';
  const verb = before.updatedAt === null || before.updatedAt === undefined ? 'Set' : 'Changed';
  return `${verb} the billing details: ${listFormat.format([...changed])}`;
}

function autoTopUpSentence(before: Fields, after: Fields): string {
  const describe = (s: Fields) => `pack ${String(s.packId)} below ${formatCredits(Number(s.threshold))} credits`;
  if (after.enabled !== true) return before.enabled === true ? 'Turned off auto top-up' : 'Left auto top-up off';
  if (before.enabled !== true) return `Turned on auto top-up: ${describe(after)}`;
  return `Changed auto top-up from ${describe(before)} to ${describe(after)}`;
}
