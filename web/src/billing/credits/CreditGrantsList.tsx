// The grants credits are still drawn from, in drawdown order: what each added, what is left and when the rest expires.
import { Group, Progress, Stack, Text } from '@mantine/core';
import type { CreditGrant } from '../../api.ts';
import { formatDate } from '../dates.ts';
import { formatCreditCount, formatCredits } from './credit-amounts.ts';

const sourceNames: Record<CreditGrant['source'], string> = {
  plan_period: 'Plan credits',
  purchase: 'Purchased credits',
  promo: 'Promotional credits',
  adjustment: 'Adjustment',
};

export function CreditGrantsList({ grants }: { grants: CreditGrant[] }) {
  if (grants.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="credit-grants-none">
        No open grants: credits you buy or your plan grants are listed here.
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="credit-grants" aria-label="Open grants" component="ul" p={0} m={0}>
      {grants.map((grant) => (
        <GrantRow key={grant.id} grant={grant} />
      ))}
    </Stack>
  );
}

function GrantRow({ grant }: { grant: CreditGrant }) {
  const name = grant.description || sourceNames[grant.source];
  return (
    <Stack gap={4} component="li" style={{ listStyle: 'none' }} data-testid="credit-grant">
      <Group justify="space-between" gap="xs" wrap="nowrap" align="baseline">
        <Text size="sm" fw={500} truncate>
          {name}
        </Text>
        <Text
          size="sm"
          style={{ fontVariantNumeric: 'tabular-nums', flex: 'none' }}
          data-testid="credit-grant-remaining"
        >
          {formatCreditCount(grant.remaining)} of {formatCredits(grant.credits)} left
        </Text>
      </Group>
      <Progress
        value={grant.credits > 0 ? (grant.remaining / grant.credits) * 100 : 0}
        size="xs"
        radius="xl"
        color="teal"
        aria-label={`${name}: ${formatCreditCount(grant.remaining)} of ${formatCreditCount(grant.credits)} left`}
      />
      <Text size="xs" c="dimmed" data-testid="credit-grant-expiry">
        {grant.expiresAt ? `Expires ${formatDate(grant.expiresAt)}` : 'Never expires'} · granted{' '}
        {formatDate(grant.grantedAt)}
      </Text>
    </Stack>
  );
}
