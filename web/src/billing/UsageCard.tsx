// Usage (seats): active users, max users, pending invites and the next charge, with the ways to invite more people
// and (on per-seat plans) to update the quantity of seats.
import { Badge, Button, Divider, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { BillingSummary } from '../api.ts';
import { SectionCard } from '../layout/SectionCard.tsx';
import { formatDate } from './dates.ts';
import { formatMoney } from './money.ts';
import { UpdateSeatsDialog } from './plans/UpdateSeatsDialog.tsx';

export function UsageCard({ summary }: { summary: BillingSummary }) {
  const { activeUsers, pendingInvites, maxUsers } = summary.seats;
  const { subscription, nextCharge } = summary;
  const pastDue = subscription?.status === 'past_due' ? subscription.pastDue : null;
  const [updating, setUpdating] = useState(false);
  // Seats are bought only on per-seat plans (Team); other plans set max users themselves.
  const seatsPlan =
    summary.permissions.manage &&
    subscription !== null &&
    subscription.status !== 'canceled' &&
    subscription.seats !== null
      ? subscription
      : null;
  // Pending invites hold a seat: the server refuses an invite once members + pending reach max users.
  const used = activeUsers + pendingInvites;
  const full = used >= maxUsers;
  // More hold a seat than the plan allows (a cancel or a downgrade to Free): they stay, but invites are refused.
  const over = used > maxUsers;
  const percent = maxUsers > 0 ? Math.min(100, (used / maxUsers) * 100) : 100;
  return (
    <SectionCard
      title="Usage"
      titleId="usage-title"
      description="Members and pending invites each take a seat."
      testId="usage"
      action={
        <Group gap="sm">
          {seatsPlan && (
            <Button leftSection={<IconUsers size={16} />} variant="default" onClick={() => setUpdating(true)}>
              Update quantity
            </Button>
          )}
          <Button
            component={Link}
            to={`/w/${summary.workspace.slug}/members?invite=1`}
            leftSection={<IconUserPlus size={16} />}
            variant="default"
          >
            Invite users
          </Button>
        </Group>
      }
    >
      <SimpleGrid cols={{ base: 1, xs: 2, sm: 4 }} spacing="md">
        <Figure label="Active users" value={activeUsers} testId="seats-active" />
        <Figure label="Max users" value={maxUsers} testId="seats-max" />
        <Figure label="Pending invites" value={pendingInvites} testId="seats-pending" />
        {pastDue ? (
          // While past due, what is owed now comes first; the next renewal after it.
          <Stack gap={2}>
            <Text size="sm" c="red.8" fw={500}>
              Amount due now
            </Text>
            <Text fz={28} fw={700} lh={1.2} c="red.8" data-testid="amount-due-now">
              {formatMoney(pastDue.amount, pastDue.currency)}
            </Text>
            <Text size="sm" c="dimmed" data-testid="amount-due-now-detail">
              Invoice {pastDue.number}
              {nextCharge
                ? ` · then ${formatMoney(nextCharge.amount, nextCharge.currency)} on ${formatDate(nextCharge.date)}`
                : ''}
            </Text>
          </Stack>
        ) : (
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              Next charge
            </Text>
            {nextCharge ? (
              <>
                <Text fz={28} fw={700} lh={1.2} data-testid="next-charge-amount">
                  {formatMoney(nextCharge.amount, nextCharge.currency)}
                </Text>
                <Text size="sm" c="dimmed" data-testid="next-charge-date">
                  on {formatDate(nextCharge.date)}
                </Text>
              </>
            ) : (
              <Text fz={28} fw={700} lh={1.2} c="dimmed" data-testid="next-charge-none">
                None
              </Text>
            )}
          </Stack>
        )}
      </SimpleGrid>
      <Divider my="lg" />
      <Stack gap={8}>
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={500}>
            Seats
          </Text>
          <Group gap={8} wrap="nowrap">
            {over && (
              <Badge color="red" variant="light" size="md" radius="sm" data-testid="seats-over-limit-badge">
                Over the limit
              </Badge>
            )}
            <Text size="sm" c={over ? 'red.8' : 'dimmed'} fw={over ? 600 : undefined} data-testid="seats-used">
              {used} of {maxUsers} used
            </Text>
          </Group>
        </Group>
        <Progress
          value={percent}
          color={over ? 'red' : full ? 'orange' : 'indigo'}
          size="md"
          radius="xl"
          aria-label={`Seats used: ${used} of ${maxUsers}`}
          data-testid="seats-progress"
        />
        {over && (
          <Text size="sm" c="red" data-testid="seats-over-limit">
            {used} people hold a seat ({activeUsers} {activeUsers === 1 ? 'member' : 'members'}
            {pendingInvites > 0 ? `, ${pendingInvites} pending ${pendingInvites === 1 ? 'invite' : 'invites'}` : ''})
            and {summary.plan.name} allows {maxUsers}. Everyone stays, but new invites wait until members are removed or
            the plan is upgraded.
          </Text>
        )}
        {full && !over && (
          <Text size="sm" c="orange" data-testid="seats-full">
            Every seat is taken, so new invites will be refused.{' '}
            {seatsPlan
              ? 'Update the quantity to add seats.'
              : `${pendingInvites > 0 ? 'Revoke a pending invite or remove a member' : 'Remove a member'} to free one.`}
          </Text>
        )}
      </Stack>
      {seatsPlan && (
        <UpdateSeatsDialog
          summary={summary}
          subscription={seatsPlan}
          opened={updating}
          onClose={() => setUpdating(false)}
        />
      )}
    </SectionCard>
  );
}

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}
