// One pack in the Add credits dialog: its credits, its price and what 1,000 credits cost in it.
import { Group, Radio, Stack, Text } from '@mantine/core';
import type { CreditPack } from '../../api.ts';
import { formatMoney } from '../money.ts';
import { formatCredits } from './credit-amounts.ts';

export function CreditPackOption({ pack, disabled }: { pack: CreditPack; disabled: boolean }) {
  const per1000 = Math.round((pack.unitAmount * 1000) / pack.credits);
  return (
    <Radio.Card value={pack.id} disabled={disabled} radius="md" px="md" py="sm" data-testid="credit-pack">
      <Group wrap="nowrap" align="flex-start" gap="md">
        <Radio.Indicator mt={2} disabled={disabled} />
        <Stack gap={2} style={{ flex: 1 }} miw={0}>
          <Group justify="space-between" gap="xs" wrap="nowrap" align="baseline">
            <Text fw={600}>{formatCredits(pack.credits)}</Text>
            <Text fw={600} size="sm" data-testid="credit-pack-price">
              {formatMoney(pack.unitAmount, pack.currency)}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {formatMoney(per1000, pack.currency)} per 1,000 credits
          </Text>
        </Stack>
      </Group>
    </Radio.Card>
  );
}
