// What a plan or seat change costs, as the server previews it: due today with its lines, the date it takes effect,
// or nothing (keeping the current plan calls off a scheduled change); and what it ends (ChangeConsequences).
import { Alert, Center, Divider, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconCalendarEvent, IconGift } from '@tabler/icons-react';
import type { SubscriptionPreview } from '../../api.ts';
import { formatDate } from '../dates.ts';
import { formatMoney } from '../money.ts';
import { ChangeConsequences, consequenceLines } from './ChangeConsequences.tsx';

export function ChangePreview({
  preview,
  loading,
  error,
  planName = 'The new plan',
  noInvoiceText,
}: {
  preview: SubscriptionPreview | undefined;
  loading: boolean;
  error: Error | null;
  /** The plan after the change ("Free"), as its consequences name it. */
  planName?: string;
  /** What to say when no invoice follows the change. */
  noInvoiceText?: string;
}) {
  if (error) {
    return (
      <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />} data-testid="change-preview-error">
        {error.message}
      </Alert>
    );
  }
  if (loading || !preview) {
    return (
      <Center py="md">
        <Loader size="sm" aria-label="Pricing the change" />
      </Center>
    );
  }
  const money = (amount: number) => formatMoney(amount, preview.currency);
  const next = preview.nextCharge && (
    <Text size="sm" c="dimmed" data-testid="change-preview-next-charge">
      Then {formatMoney(preview.nextCharge.amount, preview.nextCharge.currency)} on{' '}
      {formatDate(preview.nextCharge.date)}
    </Text>
  );

  const lines = consequenceLines(preview, planName, noInvoiceText);
  const consequences = lines.length > 0 && (
    <>
      <Divider my={4} />
      <ChangeConsequences lines={lines} testId="change-preview-consequences" />
    </>
  );

  if (preview.effective === 'unchanged') {
    return (
      <Paper withBorder radius="md" p="md" bg="gray.0" data-testid="change-preview">
        <Stack gap={2}>
          <Text fw={600} data-testid="change-preview-effective">
            Stays as it is
          </Text>
          <Text size="sm" c="dimmed">
            Nothing is charged; a scheduled change or cancellation is called off.
          </Text>
          {next}
        </Stack>
      </Paper>
    );
  }

  if (preview.effective === 'period_end') {
    return (
      <Paper withBorder radius="md" p="md" bg="gray.0" data-testid="change-preview">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconCalendarEvent size={22} stroke={1.6} color="var(--mantine-color-indigo-6)" style={{ flex: 'none' }} />
          <Stack gap={2}>
            <Text fw={600} data-testid="change-preview-effective">
              Takes effect on {formatDate(preview.effectiveAt)}
            </Text>
            <Text size="sm" c="dimmed">
              Nothing is charged today; the current plan stays until then.
            </Text>
            {next}
          </Stack>
        </Group>
        {consequences && (
          <Stack gap={6} mt="xs">
            {consequences}
          </Stack>
        )}
      </Paper>
    );
  }

  if (preview.trialEnd) {
    const days = Math.round((Date.parse(preview.trialEnd) - Date.parse(preview.effectiveAt)) / 86_400_000);
    const then = preview.nextCharge && formatMoney(preview.nextCharge.amount, preview.nextCharge.currency);
    return (
      <Paper withBorder radius="md" p="md" bg="gray.0" data-testid="change-preview">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconGift size={22} stroke={1.6} color="var(--mantine-color-teal-7)" style={{ flex: 'none' }} />
          <Stack gap={2}>
            <Text fw={600} data-testid="change-preview-effective">
              Free for {days} {days === 1 ? 'day' : 'days'}
              {then ? `, then ${then}` : ''}
            </Text>
            <Text size="sm" c="dimmed">
              Nothing is charged today. The trial ends on {formatDate(preview.trialEnd)}; cancel before then and nothing
              is charged.
            </Text>
            <Group justify="space-between" wrap="nowrap" align="baseline" mt={4}>
              <Text fw={600}>Due today</Text>
              <Text fw={700} fz="lg" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="change-preview-due">
                {money(0)}
              </Text>
            </Group>
            {next}
          </Stack>
        </Group>
        {consequences && (
          <Stack gap={6} mt="xs">
            {consequences}
          </Stack>
        )}
      </Paper>
    );
  }

  const prorated = preview.lines.some((line) => line.proration);
  return (
    <Paper withBorder radius="md" p="md" bg="gray.0" data-testid="change-preview">
      <Stack gap={6}>
        {preview.lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id; their order is the invoice's
          <Group key={index} justify="space-between" wrap="nowrap" gap="md" align="flex-start">
            <Stack gap={0}>
              <Text size="sm" data-testid="change-preview-line">
                {line.description}
              </Text>
              {line.quantity > 1 && !line.proration && (
                <Text size="xs" c="dimmed">
                  {line.quantity} × {money(line.unitAmount)}
                </Text>
              )}
            </Stack>
            <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
              {money(line.amount)}
            </Text>
          </Group>
        ))}
        {preview.tax !== 0 && (
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" c="dimmed">
              Tax
            </Text>
            <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {money(preview.tax)}
            </Text>
          </Group>
        )}
        <Divider my={4} />
        <Group justify="space-between" wrap="nowrap" align="baseline">
          <Text fw={600}>
            {/* A downgrade the plan credits at once: its negative total goes to the customer balance. */}
            {preview.amountDue < 0 ? 'Credited to your balance today' : 'Due today'}
            {prorated && (
              <Text span size="sm" c="dimmed" fw={400}>
                {' '}
                (prorated)
              </Text>
            )}
          </Text>
          <Text fw={700} fz="lg" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="change-preview-due">
            {money(Math.abs(preview.amountDue))}
          </Text>
        </Group>
        {next}
        {consequences}
      </Stack>
    </Paper>
  );
}
