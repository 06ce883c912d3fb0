// Current plan: the plan's name, its status and what it allows.
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { BillingSummary } from '../api.ts';

export function CurrentPlanCard({ summary }: { summary: BillingSummary }) {
  const { plan, seats } = summary;
  return (
    <Card withBorder padding="lg" data-testid="current-plan">
      <Stack gap="xs">
        <Text size="sm" c="dimmed" fw={600} tt="uppercase">
          Current plan
        </Text>
        <Group gap="sm">
          <Title order={3} data-testid="current-plan-name">
            {plan.tier ? `${plan.name} ${plan.tier.name}` : plan.name}
          </Title>
          <Badge color="green" variant="light" data-testid="current-plan-status">
            Active
          </Badge>
        </Group>
        <Text c="dimmed">
          {plan.name} plan — up to {seats.maxUsers} users
          {plan.interval ? `, billed ${plan.interval === 'month' ? 'monthly' : 'yearly'}` : ', no charge'}.
        </Text>
      </Stack>
    </Card>
  );
}
