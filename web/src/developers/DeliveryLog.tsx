// One endpoint's delivery log, newest first: event, status, response code, duration, attempts, next retry and
// time, each with Replay. A table on wide screens, stacked cards on a phone; refreshed while a delivery is pending.
import { Alert, Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconRepeat } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatMoment, formatShortMoment, relativeMoment } from '../billing/activity/moments.ts';
import { useIntentKey } from '../intent-key.ts';
import { confirmChange, errorInWords } from '../layout/change-notices.ts';
import { ListState } from '../layout/ListState.tsx';
import { deliveriesKey, useDeliveries } from './queries.ts';
import { DeliveryStatusBadge } from './status-badges.tsx';
import type { WebhookDelivery, WebhookEndpoint } from './types.ts';

export function DeliveryLog({ slug, endpoint }: { slug: string; endpoint: WebhookEndpoint }) {
  const deliveries = useDeliveries(slug, endpoint.id);
  const queryClient = useQueryClient();
  const intent = useIntentKey();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [replaying, setReplaying] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rows = deliveries.data ?? [];

  async function replay(delivery: WebhookDelivery) {
    setReplaying(delivery.id);
    setError(null);
    try {
      await intent.send(
        'POST',
        `/v1/workspaces/${slug}/webhook-endpoints/${endpoint.id}/deliveries/${delivery.id}/replay`,
      );
      confirmChange('Replay queued', `${delivery.eventType} is sent again, with the same webhook-id.`);
    } catch (e) {
      setError(errorInWords(e));
    } finally {
      setReplaying(null);
    }
    await queryClient.invalidateQueries({ queryKey: deliveriesKey(slug, endpoint.id) });
  }

  const canReplay = endpoint.enabled;
  const replayButton = (delivery: WebhookDelivery) => (
    <Tooltip label="Enable the endpoint to replay" disabled={canReplay}>
      <Button
        variant="default"
        size="compact-sm"
        leftSection={<IconRepeat size={14} />}
        disabled={!canReplay}
        loading={replaying === delivery.id}
        onClick={() => replay(delivery)}
        aria-label={`Replay ${delivery.eventType} ${delivery.eventId}`}
      >
        Replay
      </Button>
    </Tooltip>
  );

  return (
    <ListState
      list={deliveries}
      empty="Nothing sent to this endpoint yet. Events appear here as they are delivered; send a test event to try it."
      emptyTestId="no-deliveries"
      loadMoreGap="sm"
    >
      <Stack gap="sm" data-testid="delivery-log">
        {error && (
          <Alert
            color="red"
            role="alert"
            icon={<IconAlertCircle size={18} />}
            withCloseButton
            onClose={() => setError(null)}
          >
            {error}
          </Alert>
        )}
        {wide ? (
          <Table verticalSpacing={6} fz="sm" aria-label={`Deliveries to ${endpoint.url}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Response</Table.Th>
                <Table.Th ta="right">Duration</Table.Th>
                <Table.Th ta="right">Attempts</Table.Th>
                <Table.Th>Next retry</Table.Th>
                <Table.Th>Time</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((delivery) => (
                <Table.Tr key={delivery.id} data-testid="delivery-row" data-delivery-id={delivery.id}>
                  <Table.Td>
                    <EventCell delivery={delivery} />
                  </Table.Td>
                  <Table.Td>
                    <DeliveryStatusBadge delivery={delivery} />
                  </Table.Td>
                  <Table.Td>
                    <ResponseText delivery={delivery} />
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    <span data-testid="delivery-duration">{durationText(delivery)}</span>
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="delivery-attempts">
                    {delivery.attempts}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <NextRetry delivery={delivery} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Moment iso={delivery.lastAttemptAt ?? delivery.createdAt} />
                  </Table.Td>
                  <Table.Td ta="right">{replayButton(delivery)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          rows.map((delivery) => (
            <Paper
              key={delivery.id}
              withBorder
              radius="md"
              p="sm"
              data-testid="delivery-row"
              data-delivery-id={delivery.id}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs" mb={6}>
                <DeliveryStatusBadge delivery={delivery} />
                <Moment iso={delivery.lastAttemptAt ?? delivery.createdAt} />
              </Group>
              <EventCell delivery={delivery} />
              <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} mt="xs">
                <Field label="Response">
                  <ResponseText delivery={delivery} />
                </Field>
                <Field label="Duration">
                  <span data-testid="delivery-duration">{durationText(delivery)}</span>
                </Field>
                <Field label="Attempts">
                  <span data-testid="delivery-attempts">{delivery.attempts}</span>
                </Field>
                <Field label="Next retry">
                  <NextRetry delivery={delivery} />
                </Field>
              </SimpleGrid>
              <Group justify="flex-end" mt="xs">
                {replayButton(delivery)}
              </Group>
            </Paper>
          ))
        )}
      </Stack>
    </ListState>
  );
}

function EventCell({ delivery }: { delivery: WebhookDelivery }) {
  return (
    <Stack gap={2} miw={0}>
      <Group gap={6} wrap="wrap">
        <Text size="sm" ff="monospace" fw={500} data-testid="delivery-event-type" style={{ overflowWrap: 'anywhere' }}>
          {delivery.eventType}
        </Text>
        {delivery.replayOf && (
          <Badge size="xs" variant="outline" color="gray" radius="sm" data-testid="delivery-replay">
            Replay
          </Badge>
        )}
      </Group>
      <Code
        fz={11}
        c="dimmed"
        bg="transparent"
        p={0}
        data-testid="delivery-event-id"
        style={{ overflowWrap: 'anywhere' }}
      >
        {delivery.eventId}
      </Code>
    </Stack>
  );
}

function ResponseText({ delivery }: { delivery: WebhookDelivery }) {
  if (delivery.responseStatus !== null) {
    const ok = delivery.responseStatus >= 200 && delivery.responseStatus < 300;
    return (
      <Tooltip
        label={delivery.responseBody || 'Empty body'}
        disabled={!delivery.responseBody && ok}
        multiline
        maw={360}
      >
        <Text
          size="sm"
          c={ok ? undefined : 'red.7'}
          data-testid="delivery-response"
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          HTTP {delivery.responseStatus}
        </Text>
      </Tooltip>
    );
  }
  if (delivery.error) {
    return (
      <Text size="sm" c="red" data-testid="delivery-response" lineClamp={2} title={delivery.error}>
        {delivery.error}
      </Text>
    );
  }
  return (
    <Text size="sm" c="dimmed" data-testid="delivery-response">
      —
    </Text>
  );
}

function durationText(delivery: WebhookDelivery): string {
  if (delivery.durationMs === null) return '—';
  return delivery.durationMs < 1000 ? `${delivery.durationMs} ms` : `${(delivery.durationMs / 1000).toFixed(1)} s`;
}

function NextRetry({ delivery }: { delivery: WebhookDelivery }) {
  if (delivery.status !== 'pending' || !delivery.nextAttemptAt) {
    return (
      <Text size="sm" c="dimmed" span data-testid="delivery-next-retry">
        —
      </Text>
    );
  }
  return (
    <Text size="sm" span title={formatMoment(delivery.nextAttemptAt)} data-testid="delivery-next-retry">
      {Date.parse(delivery.nextAttemptAt) <= Date.now() ? 'now' : relativeMoment(delivery.nextAttemptAt)}
    </Text>
  );
}

function Moment({ iso }: { iso: string }) {
  return (
    <Text size="sm" span title={formatMoment(iso)} data-testid="delivery-time">
      {formatShortMoment(iso)}
    </Text>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}
