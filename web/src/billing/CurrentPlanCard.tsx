// Current plan: the plan's name, its status and what it allows.
import { Badge, Group, Text, Title } from '@mantine/core';
import type { BillingSummary } from '../api.ts';
import { SectionCard } from '../layout/SectionCard.tsx';

const statusBadges: Record<string, { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  trialing: { label: 'Trialing', color: 'blue' },
  past_due: { label: 'Past due', color: 'red' },
  canceled: { label: 'Canceled', color: 'gray' },
  incomplete: { label: 'Incomplete', color: 'orange' },
};

export function CurrentPlanCard({ summary }: { summary: BillingSummary }) {
  const { plan, seats, subscription } = summary;
  // A plan without a subscription (Free) is simply in force.
  const status = statusBadges[subscription?.status ?? 'active'] ?? {
    label: subscription?.status ?? 'Active',
    color: 'gray',
  };
  const interval = plan.interval === 'month' ? 'billed monthly' : plan.interval === 'year' ? 'billed yearly' : null;
  return (
    <SectionCard title="Current plan" titleId="current-plan-title" testId="current-plan">
      <Group gap="sm" align="center">
        <Title order={2} fw={700} data-testid="current-plan-name">
          {plan.tier ? `${plan.name} ${plan.tier.name}` : plan.name}
        </Title>
        <Badge color={status.color} variant="light" size="lg" radius="sm" data-testid="current-plan-status">
          {status.label}
        </Badge>
      </Group>
      <Text c="dimmed" size="sm" mt={6} data-testid="current-plan-summary">
        {plan.name} plan — up to {seats.maxUsers} {seats.maxUsers === 1 ? 'user' : 'users'}
        {interval ? `, ${interval}` : ', no charge'}.
      </Text>
    </SectionCard>
  );
}
