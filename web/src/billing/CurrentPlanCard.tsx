// Current plan: the plan's name, its status and what it allows, when it ends or changes, and (for billing managers)
// the ways to change, cancel or resume it.
import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowUpRight,
  IconCalendarEvent,
  IconClock,
  IconDiscount,
  IconGift,
  IconPlayerPlay,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type BillingSummary, type Discount, type Subscription } from '../api.ts';
import { confirmChange, reportFailure } from '../layout/change-notices.ts';
import { SectionCard } from '../layout/SectionCard.tsx';
import { formatDate } from './dates.ts';
import { formatMoney } from './money.ts';
import { PastDueAlert } from './PastDueAlert.tsx';
import { CancelPlanDialog } from './plans/CancelPlanDialog.tsx';
import { ChangePlanDialog } from './plans/ChangePlanDialog.tsx';
import { usePlans } from './plans/queries.ts';
import { scheduledChangeName } from './plans/scheduled-change.ts';
import { refreshInvoices } from './queries.ts';

const statusBadges: Record<string, { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  trialing: { label: 'Trial', color: 'teal' },
  past_due: { label: 'Past due', color: 'red' },
  canceled: { label: 'Canceled', color: 'gray' },
  incomplete: { label: 'Incomplete', color: 'orange' },
};

export function CurrentPlanCard({ summary }: { summary: BillingSummary }) {
  const { plan, seats, subscription } = summary;
  const slug = summary.workspace.slug;
  const planKind = usePlans().data?.data.find((p) => p.id === plan.id)?.kind;
  const queryClient = useQueryClient();
  const [changing, setChanging] = useState(false);
  const [canceling, setCanceling] = useState(false);
  const [undoing, setUndoing] = useState<'resume' | 'scheduled-change/cancel' | null>(null);
  // A plan without a subscription (Free) is simply in force.
  const status = statusBadges[subscription?.status ?? 'active'] ?? {
    label: subscription?.status ?? 'Active',
    color: 'gray',
  };
  const interval = plan.interval === 'month' ? 'billed monthly' : plan.interval === 'year' ? 'billed yearly' : null;
  const live = subscription !== null && subscription.status !== 'canceled';
  const planName = planTitle(plan);

  /** Resume, or Cancel scheduled change: the page says what the plan does now, or why it could not. */
  async function undoAtPeriodEnd(action: 'resume' | 'scheduled-change/cancel') {
    setUndoing(action);
    try {
      await api('POST', `/v1/workspaces/${slug}/subscription/${action}`);
      const renews = subscription ? ` It renews on ${formatDate(subscription.currentPeriodEnd)}.` : '';
      if (action === 'resume') confirmChange('Plan resumed', `${planName} stays active.${renews}`);
      else confirmChange('Scheduled change canceled', `${planName} stays as it is.${renews}`);
    } catch (e) {
      reportFailure(action === 'resume' ? 'The plan was not resumed' : 'The scheduled change still stands', e);
    } finally {
      setUndoing(null);
    }
    await refreshInvoices(queryClient, slug);
  }

  return (
    <SectionCard
      title="Current plan"
      titleId="current-plan-title"
      testId="current-plan"
      action={
        summary.permissions.manage && (
          <Group gap="sm">
            {live && subscription.cancelAtPeriodEnd && (
              <Button
                variant="default"
                leftSection={<IconPlayerPlay size={16} />}
                loading={undoing === 'resume'}
                onClick={() => undoAtPeriodEnd('resume')}
              >
                Resume
              </Button>
            )}
            {live && !subscription.cancelAtPeriodEnd && (
              <Button variant="subtle" color="red" onClick={() => setCanceling(true)}>
                Cancel
              </Button>
            )}
            <Button leftSection={live ? undefined : <IconArrowUpRight size={16} />} onClick={() => setChanging(true)}>
              {live ? 'Change plan' : 'Upgrade'}
            </Button>
          </Group>
        )
      }
    >
      <Group gap="sm" align="center">
        <Title order={2} fw={700} data-testid="current-plan-name">
          {planName}
        </Title>
        <Badge color={status.color} variant="light" size="lg" radius="sm" data-testid="current-plan-status">
          {status.label}
        </Badge>
        {summary.testClock && (
          // Test mode: the dates on this page are the clock's, not today's.
          <Badge
            color="grape"
            variant="outline"
            size="lg"
            radius="sm"
            leftSection={<IconClock size={14} />}
            data-testid="current-plan-test-clock"
          >
            Test clock: {formatDate(summary.testClock.frozenTime)}
          </Badge>
        )}
      </Group>
      <Text c="dimmed" size="sm" mt={6} data-testid="current-plan-summary">
        {plan.name} plan — up to {seats.maxUsers} {seats.maxUsers === 1 ? 'user' : 'users'}
        {interval ? `, ${interval}` : planKind === 'credits' ? ', pay as you go with credits' : ', no charge'}.
      </Text>
      {live && subscription.status === 'trialing' && subscription.trialEnd === subscription.currentPeriodEnd && (
        <TrialDates summary={summary} trialEnd={subscription.trialEnd} />
      )}
      {live && summary.discount && <DiscountNote discount={summary.discount} />}
      {live && (
        <PlanDates
          subscription={subscription}
          cancelScheduledChange={
            summary.permissions.manage
              ? {
                  busy: undoing === 'scheduled-change/cancel',
                  run: () => undoAtPeriodEnd('scheduled-change/cancel'),
                }
              : null
          }
        />
      )}
      {subscription?.status === 'past_due' && subscription.pastDue && (
        <PastDueAlert summary={summary} pastDue={subscription.pastDue} />
      )}
      {summary.permissions.manage && (
        <>
          <ChangePlanDialog summary={summary} opened={changing} onClose={() => setChanging(false)} />
          {live && (
            <CancelPlanDialog
              slug={slug}
              subscription={subscription}
              opened={canceling}
              onClose={() => setCanceling(false)}
            />
          )}
        </>
      )}
    </SectionCard>
  );
}

/** The active discount and when it ends: "20% off until Apr 1, 2027 (SPRING20)", "$5.00 off forever". */
function DiscountNote({ discount }: { discount: Discount }) {
  const off =
    discount.percentOff !== null
      ? `${discount.percentOff}% off`
      : `${formatMoney(discount.amountOff ?? 0, discount.currency ?? 'usd')} off`;
  const until = discount.endsAt ? `until ${formatDate(discount.endsAt)}` : 'forever';
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" mt="sm">
      <IconDiscount size={16} stroke={1.6} color="var(--mantine-color-green-8)" style={{ flex: 'none' }} />
      <Text size="sm" lh={1.3} data-testid="current-plan-discount">
        <Text span size="sm" fw={500} c="green.9">
          {off} {until}
        </Text>
        {discount.promotionCode && (
          <Text span size="sm" c="dimmed">
            {' '}
            — promotion code {discount.promotionCode}
          </Text>
        )}
      </Text>
    </Group>
  );
}

/** A plan with named tiers is a subscription to one of them ("Pro Subscription · Growth"); others go by their name. */
function planTitle(plan: BillingSummary['plan']): string {
  return plan.tier ? `${plan.name} Subscription · ${plan.tier.name}` : plan.name;
}

/** A trial: the day it ends and what is charged then, or that a card is needed by then; a cancel charges nothing. */
function TrialDates({ summary, trialEnd }: { summary: BillingSummary; trialEnd: string }) {
  const { nextCharge, paymentMethod } = summary;
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" mt="sm">
      <IconGift size={16} stroke={1.6} color="var(--mantine-color-teal-7)" style={{ flex: 'none' }} />
      <Text size="sm" c="dimmed" style={{ flex: 1, minWidth: 0 }} lh={1.3}>
        <Text span size="sm" fw={500} c="teal.9" data-testid="current-plan-trial-ends">
          Trial ends on {formatDate(trialEnd)}
        </Text>
        {nextCharge && (
          <>
            {' — '}
            <Text span size="sm" data-testid="current-plan-trial-then">
              Then {formatMoney(nextCharge.amount, nextCharge.currency)} on {formatDate(nextCharge.date)}
            </Text>
            {paymentMethod === null && (
              <Text span size="sm" c="orange.8" data-testid="current-plan-trial-card">
                {' '}
                — add a card before then
              </Text>
            )}
          </>
        )}
      </Text>
    </Group>
  );
}

/** When a canceled plan ends (and the change Resume would bring back), or when a scheduled downgrade starts. */
function PlanDates({
  subscription,
  cancelScheduledChange,
}: {
  subscription: Subscription;
  /** The explicit way back from a scheduled change, for billing managers. */
  cancelScheduledChange: { busy: boolean; run: () => void } | null;
}) {
  const { activeUntil, scheduledChange: next, scheduledChangeOnResume: onResume } = subscription;
  if (!activeUntil && !next) return null;
  return (
    <Stack gap={4} mt="sm">
      {activeUntil && (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconCalendarEvent size={16} stroke={1.6} color="var(--mantine-color-orange-7)" style={{ flex: 'none' }} />
          <Text size="sm" c="dimmed" style={{ flex: 1, minWidth: 0 }} lh={1.3}>
            <Text span size="sm" fw={500} c="orange" data-testid="current-plan-active-until">
              Active until {formatDate(activeUntil)}
            </Text>{' '}
            — then the Free plan
          </Text>
        </Group>
      )}
      {activeUntil && onResume && (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconArrowBackUp size={16} stroke={1.6} color="var(--mantine-color-indigo-6)" style={{ flex: 'none' }} />
          <Text size="sm" c="dimmed" lh={1.3} data-testid="current-plan-resume-keeps">
            Resuming keeps the change to {scheduledChangeName(onResume, subscription)} on{' '}
            {formatDate(onResume.effectiveAt)}
          </Text>
        </Group>
      )}
      {next && (
        <Group gap={6} align="flex-start">
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconCalendarEvent size={16} stroke={1.6} color="var(--mantine-color-indigo-6)" style={{ flex: 'none' }} />
            <Text size="sm" fw={500} lh={1.3} data-testid="current-plan-scheduled-change">
              Changes to {scheduledChangeName(next, subscription)} on {formatDate(next.effectiveAt)}
            </Text>
          </Group>
          {cancelScheduledChange && (
            <Button
              variant="subtle"
              size="compact-sm"
              loading={cancelScheduledChange.busy}
              onClick={cancelScheduledChange.run}
            >
              Cancel scheduled change
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
