// What the Credits section shows: the balance, used against the period's total (Pro: its period; otherwise the
// calendar month), the renewal date (Pro), the open grants with their expiry, consumption per day for the last
// 30 days, auto top-up, and what the plan sells.
// The balance comes from the wallet row: reading it never scans the ledger.
import type { Temporal } from 'temporal-polyfill';
import type { CreditGrantSource } from '../../db/tables.ts';
import { toDate } from '../../domain/clock.ts';
import { expireDue } from '../../domain/credits/credit-wallet.ts';
import type { CreditPack, CustomCredits } from '../../domain/plans/plan.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import type { BillingDeps } from '../deps.ts';
import { findPlan } from '../plans/catalog.ts';
import type { AutoTopUpView } from './auto-top-up.ts';
import { type CreditAccount, readCreditAccount } from './credit-account.queries.ts';
import { findGrants } from './credit-grants.queries.ts';
import { creditOfferOf } from './credit-offer.ts';
import { creditsUsedSince, usagePerDayAfter } from './credit-usage.queries.ts';

export interface CreditsSummary {
  balance: number;
  periodTotal: number;
  periodUsed: number;
  renewsAt: Date | null;
}

export interface CreditsView extends CreditsSummary {
  periodStart: Date | null;
  grants: {
    id: string;
    source: CreditGrantSource;
    credits: number;
    remaining: number;
    expiresAt: Date | null;
    grantedAt: Date;
    description: string;
  }[];
  usage: { date: string; credits: number }[];
  autoTopUp: AutoTopUpView;
  purchase: { packs: CreditPack[]; custom: CustomCredits | null } | null;
}

const chartDays = 30;

/** What a workspace's credits are read against: its plan and its live subscription (the caller has both). */
export interface CreditsContext {
  workspaceId: string;
  planId: string;
  subscription: Subscription | null;
}

/**
 * The summary's credits, from the wallet the summary read (undefined: none): null for a workspace that has never had
 * credits on a plan that sells none.
 */
export async function creditsSummaryOf(
  deps: BillingDeps,
  context: CreditsContext,
  account: CreditAccount | undefined,
): Promise<CreditsSummary | null> {
  const view = await loadCredits(deps, context, account, { withDetails: false });
  if (!view) return null;
  return { balance: view.balance, periodTotal: view.periodTotal, periodUsed: view.periodUsed, renewsAt: view.renewsAt };
}

/** The Credits section's view; `deps` on the workspace's clock. */
export async function creditsViewOf(deps: BillingDeps, context: CreditsContext): Promise<CreditsView> {
  const account = await readCreditAccount(deps.db, context.workspaceId);
  const view = await loadCredits(deps, context, account, { withDetails: true });
  return (
    view ?? {
      balance: 0,
      periodTotal: 0,
      periodUsed: 0,
      renewsAt: null,
      periodStart: null,
      grants: [],
      usage: usageDays([], deps.clock.now()),
      autoTopUp: { enabled: false, packId: null, threshold: null },
      purchase: null,
    }
  );
}

async function loadCredits(
  deps: BillingDeps,
  { workspaceId, planId, subscription }: CreditsContext,
  account: CreditAccount | undefined,
  options: { withDetails: boolean },
): Promise<CreditsView | null> {
  const db = deps.db;
  const offer = creditOfferOf(findPlan(deps.catalog, planId));
  if (!account && !offer) return null;
  const now = deps.clock.now();
  // Grants past their expiry that no job has expired yet are not available: they are not counted.
  const { open, expired } = expireDue(account?.open ?? [], now.epochMilliseconds);
  const balance = (account?.balance ?? 0) - expired.reduce((sum, e) => sum + e.credits, 0);
  const periodic = subscription && subscription.status !== 'incomplete' && subscription.price.creditsPerPeriod > 0;
  // Pro counts from its period's grant; without periodic credits (Flex) the period is the calendar month (UTC).
  const periodStart = periodic ? (account?.periodStart ?? null) : monthStart(now);
  const periodUsed = periodic
    ? (account?.periodConsumed ?? 0)
    : await creditsUsedSince(db, workspaceId, monthStart(now).toISOString().slice(0, 10));
  const summary = {
    balance,
    periodUsed,
    periodTotal: periodUsed + balance,
    renewsAt: periodic ? toDate(subscription.currentPeriod.end) : null,
    periodStart,
    autoTopUp: {
      enabled: account?.autoTopUp.enabled ?? false,
      packId: account?.autoTopUp.packId ?? null,
      threshold: account?.autoTopUp.threshold ?? null,
    },
    purchase: offer ? { packs: [...offer.packs], custom: offer.custom } : null,
  };
  if (!options.withDetails) return { ...summary, grants: [], usage: [] };
  const [grants, usage] = await Promise.all([
    open.length === 0
      ? []
      : findGrants(
          db,
          workspaceId,
          open.map((g) => g.id),
        ),
    usagePerDayAfter(db, workspaceId, firstChartDay(now).subtract({ days: 1 }).toString()),
  ]);
  const grantById = new Map(grants.map((g) => [g.id, g]));
  return {
    ...summary,
    grants: open.flatMap((g) => {
      const grant = grantById.get(g.id);
      if (!grant) return [];
      return [
        {
          id: g.id,
          source: grant.source,
          credits: grant.credits,
          remaining: g.remaining,
          expiresAt: grant.expiresAt,
          grantedAt: grant.grantedAt,
          description: grant.description,
        },
      ];
    }),
    usage: usageDays(usage, now),
  };
}

function monthStart(now: Temporal.Instant): Date {
  const first = now.toZonedDateTimeISO('UTC').toPlainDate().with({ day: 1 });
  return new Date(first.toZonedDateTime('UTC').epochMilliseconds);
}

function firstChartDay(now: Temporal.Instant): Temporal.PlainDate {
  return now
    .toZonedDateTimeISO('UTC')
    .toPlainDate()
    .subtract({ days: chartDays - 1 });
}

/** The last 30 UTC days, oldest first, with 0 for days without consumption. */
function usageDays(rows: { date: string; credits: number }[], now: Temporal.Instant) {
  const byDate = new Map(rows.map((r) => [r.date, r.credits]));
  const first = firstChartDay(now);
  return Array.from({ length: chartDays }, (_, i) => {
    const date = first.add({ days: i }).toString();
    return { date, credits: byDate.get(date) ?? 0 };
  });
}
