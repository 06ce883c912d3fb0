// Usage (seats): active users, pending invites and max users, with the way to invite more people.
import { Button, Card, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { BillingSummary } from '../api.ts';

export function UsageCard({ summary }: { summary: BillingSummary }) {
  const { activeUsers, pendingInvites, maxUsers } = summary.seats;
  const used = activeUsers + pendingInvites;
  const full = used >= maxUsers;
  return (
    <Card withBorder padding="lg" data-testid="usage">
      <Stack gap="md">
        <Group justify="space-between">
          <Text size="sm" c="dimmed" fw={600} tt="uppercase">
            Usage
          </Text>
          <Button
            component={Link}
            to={`/w/${summary.workspace.slug}/members?invite=1`}
            leftSection={<IconUserPlus size={16} />}
            variant="light"
          >
            Invite users
          </Button>
        </Group>
        <SimpleGrid cols={3}>
          <Figure label="Active users" value={activeUsers} testId="seats-active" />
          <Figure label="Pending invites" value={pendingInvites} testId="seats-pending" />
          <Figure label="Max users" value={maxUsers} testId="seats-max" />
        </SimpleGrid>
        <Progress
          value={Math.min(100, (used / maxUsers) * 100)}
          color={full ? 'orange' : 'indigo'}
          aria-label="Seats used"
        />
        <Text size="sm" c={full ? 'orange.8' : 'dimmed'}>
          {used} of {maxUsers} seats used{full ? ' — every seat is taken; new invites will be refused.' : '.'}
        </Text>
      </Stack>
    </Card>
  );
}

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}
