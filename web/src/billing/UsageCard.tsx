// Usage (seats): active users, max users and pending invites, with the way to invite more people.
import { Button, Divider, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { BillingSummary } from '../api.ts';
import { SectionCard } from '../layout/SectionCard.tsx';

export function UsageCard({ summary }: { summary: BillingSummary }) {
  const { activeUsers, pendingInvites, maxUsers } = summary.seats;
  // Pending invites hold a seat: the server refuses an invite once members + pending reach max users.
  const used = activeUsers + pendingInvites;
  const full = used >= maxUsers;
  const percent = maxUsers > 0 ? Math.min(100, (used / maxUsers) * 100) : 100;
  return (
    <SectionCard
      title="Usage"
      titleId="usage-title"
      description="Members and pending invites each take a seat."
      testId="usage"
      action={
        <Button
          component={Link}
          to={`/w/${summary.workspace.slug}/members?invite=1`}
          leftSection={<IconUserPlus size={16} />}
          variant="default"
        >
          Invite users
        </Button>
      }
    >
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <Figure label="Active users" value={activeUsers} testId="seats-active" />
        <Figure label="Max users" value={maxUsers} testId="seats-max" />
        <Figure label="Pending invites" value={pendingInvites} testId="seats-pending" />
      </SimpleGrid>
      <Divider my="lg" />
      <Stack gap={8}>
        <Group justify="space-between">
          <Text size="sm" fw={500}>
            Seats
          </Text>
          <Text size="sm" c="dimmed" data-testid="seats-used">
            {used} of {maxUsers} used
          </Text>
        </Group>
        <Progress
          value={percent}
          color={full ? 'orange' : 'indigo'}
          size="md"
          radius="xl"
          aria-label={`Seats used: ${used} of ${maxUsers}`}
          data-testid="seats-progress"
        />
        {full && (
          <Text size="sm" c="orange.8" data-testid="seats-full">
            Every seat is taken, so new invites will be refused.{' '}
            {pendingInvites > 0 ? 'Revoke a pending invite or remove a member' : 'Remove a member'} to free one.
          </Text>
        )}
      </Stack>
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
