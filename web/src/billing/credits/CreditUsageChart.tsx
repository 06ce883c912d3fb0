// Credits consumed per day over the last 30 days (UTC, as the server counts them), as bars, with the figures in its
// accessible name for those who cannot see the bars.
import { BarChart } from '@mantine/charts';
import { Box, Center, Group, Text } from '@mantine/core';
import type { Credits } from '../../api.ts';
import { formatDay } from '../dates.ts';
import { formatCreditCount, formatCredits } from './credit-amounts.ts';

export function CreditUsageChart({ usage }: { usage: Credits['usage'] }) {
  const data = usage.map((day) => ({ day: formatDay(day.date), credits: day.credits }));
  const total = usage.reduce((sum, day) => sum + day.credits, 0);
  const latest = usage.at(-1);
  const label =
    `Credits used per day, last 30 days: ${formatCredits(total)} in all` +
    (latest ? `; ${formatCredits(latest.credits)} on ${formatDay(latest.date)}` : '');
  return (
    <Box component="figure" m={0} aria-label={label} data-testid="credit-usage-chart">
      <Group justify="space-between" mb={6} gap="xs">
        <Text size="sm" fw={500}>
          Usage, last 30 days
        </Text>
        {total > 0 && (
          <Text size="sm" c="dimmed" data-testid="credit-usage-total">
            {formatCredits(total)} used
          </Text>
        )}
      </Group>
      {total === 0 ? (
        // An empty chart's axis would count 0, 1, 2 credits; say it instead.
        <Center
          h={180}
          bg="gray.0"
          style={{ border: '1px dashed var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-md)' }}
        >
          <Text size="sm" c="dimmed">
            No credits used in the last 30 days.
          </Text>
        </Center>
      ) : (
        <BarChart
          h={180}
          data={data}
          dataKey="day"
          series={[{ name: 'credits', label: 'Credits used', color: 'indigo.6' }]}
          valueFormatter={formatCreditCount}
          xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 24 }}
          yAxisProps={{ width: 48, allowDecimals: false, tickCount: 3 }}
          tickLine="none"
          maxBarWidth={14}
          barProps={{ radius: [3, 3, 0, 0] }}
        />
      )}
    </Box>
  );
}
