// A workspace's open credit grants and the drawdown rule (DESIGN.md section 3, Credits): a debit draws from the
// grant that expires first (grants without expiry last), then the oldest; the balance never goes below zero;
// a grant whose expiry has passed is expired before anything else is decided. Pure: times are epoch ms.

/** What is left of one grant; the wallet keeps them in drawdown order. */
export interface OpenGrant {
  id: string;
  remaining: number;
  /** Epoch ms; null for credits that never expire. */
  expiresAt: number | null;
  grantedAt: number;
}

export interface GrantDraw {
  grantId: string;
  credits: number;
}

export type DebitPlan =
  | { kind: 'debited'; open: OpenGrant[]; drawnFrom: GrantDraw[]; balanceAfter: number }
  | { kind: 'insufficient'; balance: number };

export function balanceOf(open: readonly OpenGrant[]): number {
  return open.reduce((sum, grant) => sum + grant.remaining, 0);
}

/** Earliest expiry first, never-expiring last; then the oldest grant; then the id, so the order is total. */
export function drawdownOrder(a: OpenGrant, b: OpenGrant): number {
  const expiryA = a.expiresAt ?? Number.POSITIVE_INFINITY;
  const expiryB = b.expiresAt ?? Number.POSITIVE_INFINITY;
  if (expiryA !== expiryB) return expiryA < expiryB ? -1 : 1;
  if (a.grantedAt !== b.grantedAt) return a.grantedAt - b.grantedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Splits off the grants whose expiry is at or before `now`: what is left of them expires. */
export function expireDue(open: readonly OpenGrant[], now: number): { open: OpenGrant[]; expired: GrantDraw[] } {
  const kept: OpenGrant[] = [];
  const expired: GrantDraw[] = [];
  for (const grant of open) {
    if (grant.expiresAt !== null && grant.expiresAt <= now)
      expired.push({ grantId: grant.id, credits: grant.remaining });
    else kept.push(grant);
  }
  return { open: kept, expired };
}

/** Draws `amount` credits in drawdown order, or refuses when the open grants hold fewer. */
export function planDebit(open: readonly OpenGrant[], amount: number): DebitPlan {
  assertCredits(amount);
  const balance = balanceOf(open);
  if (amount > balance) return { kind: 'insufficient', balance };
  let left = amount;
  const drawnFrom: GrantDraw[] = [];
  const after: OpenGrant[] = [];
  for (const grant of [...open].sort(drawdownOrder)) {
    const take = Math.min(left, grant.remaining);
    left -= take;
    if (take > 0) drawnFrom.push({ grantId: grant.id, credits: take });
    if (grant.remaining > take) after.push({ ...grant, remaining: grant.remaining - take });
  }
  return { kind: 'debited', open: after, drawnFrom, balanceAfter: balance - amount };
}

/** The wallet with a new grant in its place in drawdown order. */
export function addGrant(open: readonly OpenGrant[], grant: OpenGrant): OpenGrant[] {
  assertCredits(grant.remaining);
  return [...open, grant].sort(drawdownOrder);
}

function assertCredits(credits: number): void {
  if (!Number.isSafeInteger(credits) || credits <= 0) {
    throw new RangeError(`Credits must be a positive whole number, got ${credits}`);
  }
}
