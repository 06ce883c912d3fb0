// One webhook endpoint: its URL, description, events and status; Send test event, Disable/Enable, Rotate secret,
// Delete; and its delivery log, opened on demand (and when a test event is sent).
import { Badge, Button, Collapse, Divider, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import {
  IconChevronDown,
  IconChevronUp,
  IconDots,
  IconKey,
  IconPlayerPause,
  IconPlayerPlay,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatMoment, relativeMoment } from '../billing/activity/moments.ts';
import { useIntentKey } from '../intent-key.ts';
import { ConfirmDialog } from '../layout/ConfirmDialog.tsx';
import { confirmChange, errorInWords, reportFailure } from '../layout/change-notices.ts';
import { DeliveryLog } from './DeliveryLog.tsx';
import { deliveriesKey, refreshEndpoints } from './queries.ts';
import { RotateSecretDialog } from './RotateSecretDialog.tsx';
import { EndpointStatusBadge } from './status-badges.tsx';
import type { WebhookEndpoint } from './types.ts';

/** Beyond this many, the rest of an endpoint's event types is counted, not listed. */
const shownEventTypes = 6;

export function WebhookEndpointItem({ slug, endpoint }: { slug: string; endpoint: WebhookEndpoint }) {
  const queryClient = useQueryClient();
  const intent = useIntentKey();
  const [logOpen, setLogOpen] = useState(false);
  const [busy, setBusy] = useState<'test' | 'toggle' | 'delete' | null>(null);
  const [rotating, setRotating] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const path = `/v1/workspaces/${slug}/webhook-endpoints/${endpoint.id}`;

  async function sendTest() {
    setBusy('test');
    try {
      await intent.send('POST', `${path}/test`);
      setLogOpen(true);
      confirmChange('Test event sent', 'A webhook_endpoint.test event is on its way; its delivery shows in the log.');
    } catch (e) {
      reportFailure('Test event not sent', e);
    } finally {
      setBusy(null);
    }
    await queryClient.invalidateQueries({ queryKey: deliveriesKey(slug, endpoint.id) });
  }

  async function toggle() {
    const enabled = !endpoint.enabled;
    setBusy('toggle');
    try {
      await intent.send('PATCH', path, { enabled });
      confirmChange(
        enabled ? 'Endpoint enabled' : 'Endpoint disabled',
        enabled
          ? `Events are sent to ${endpoint.url} again.`
          : `No events are sent to ${endpoint.url} until you enable it.`,
      );
    } catch (e) {
      reportFailure(enabled ? 'Endpoint not enabled' : 'Endpoint not disabled', e);
    } finally {
      setBusy(null);
    }
    await refreshEndpoints(queryClient, slug);
  }

  function closeDelete() {
    intent.forget();
    setDeleting(false);
    setDeleteError(null);
  }

  async function remove() {
    setBusy('delete');
    setDeleteError(null);
    try {
      await intent.send('DELETE', path);
      confirmChange('Endpoint deleted', `${endpoint.url} receives no more events.`);
      closeDelete();
      await refreshEndpoints(queryClient, slug);
    } catch (e) {
      setDeleteError(errorInWords(e));
    } finally {
      setBusy(null);
    }
  }

  const types = endpoint.eventTypes;
  return (
    <Paper withBorder radius="md" p="md" data-testid="endpoint-row" data-endpoint-id={endpoint.id}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          {/* On a phone the badge goes under the URL rather than squeezing it. */}
          <Stack gap={4} miw={0} style={{ flex: '1 1 260px' }}>
            <Text fw={600} size="sm" ff="monospace" data-testid="endpoint-url" style={{ overflowWrap: 'anywhere' }}>
              {endpoint.url}
            </Text>
            {endpoint.description && (
              <Text size="sm" c="dimmed" style={{ wordBreak: 'break-word' }}>
                {endpoint.description}
              </Text>
            )}
          </Stack>
          <EndpointStatusBadge endpoint={endpoint} />
        </Group>
        <Group gap={6} wrap="wrap" data-testid="endpoint-event-types">
          {types.length === 0 ? (
            <Text size="sm">All events</Text>
          ) : (
            <>
              {types.slice(0, shownEventTypes).map((type) => (
                <Badge key={type} variant="light" color="gray" radius="sm" size="sm" tt="none" ff="monospace">
                  {type}
                </Badge>
              ))}
              {types.length > shownEventTypes && (
                <Text size="xs" c="dimmed" title={types.slice(shownEventTypes).join(', ')}>
                  +{types.length - shownEventTypes} more
                </Text>
              )}
            </>
          )}
        </Group>
        {endpoint.status === 'failing' && endpoint.failingSince && (
          <Text size="sm" c="red" data-testid="endpoint-failing">
            Failing since {formatMoment(endpoint.failingSince)}: its retries ran out. Fix the receiver, then replay what
            it missed.
          </Text>
        )}
        {endpoint.secretRotatedUntil && Date.parse(endpoint.secretRotatedUntil) > Date.now() && (
          <Text size="xs" c="dimmed" data-testid="endpoint-rotation">
            The previous secret also signs until {formatMoment(endpoint.secretRotatedUntil)} (
            {relativeMoment(endpoint.secretRotatedUntil)}).
          </Text>
        )}
        <Group gap="xs" justify="space-between" wrap="wrap" mt={4}>
          <Button
            variant="subtle"
            size="compact-sm"
            rightSection={logOpen ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
            onClick={() => setLogOpen((open) => !open)}
            aria-expanded={logOpen}
            px={4}
          >
            {logOpen ? 'Hide deliveries' : 'Show deliveries'}
          </Button>
          <Group gap="xs" wrap="nowrap">
            <Button
              variant="default"
              size="compact-sm"
              leftSection={<IconSend size={14} />}
              onClick={sendTest}
              loading={busy === 'test'}
              disabled={!endpoint.enabled}
              title={endpoint.enabled ? undefined : 'Enable the endpoint to send a test event'}
            >
              Send test event
            </Button>
            <Menu position="bottom-end" shadow="md" width={200}>
              <Menu.Target>
                <Button variant="default" size="compact-sm" aria-label={`More actions for ${endpoint.url}`} px={6}>
                  <IconDots size={16} />
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={endpoint.enabled ? <IconPlayerPause size={14} /> : <IconPlayerPlay size={14} />}
                  onClick={toggle}
                  disabled={busy === 'toggle'}
                >
                  {endpoint.enabled ? 'Disable' : 'Enable'}
                </Menu.Item>
                <Menu.Item leftSection={<IconKey size={14} />} onClick={() => setRotating(true)}>
                  Rotate secret
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(true)}>
                  Delete
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        <Collapse in={logOpen}>
          <Divider mb="sm" />
          {logOpen && <DeliveryLog slug={slug} endpoint={endpoint} />}
        </Collapse>
      </Stack>
      <RotateSecretDialog slug={slug} endpoint={endpoint} opened={rotating} onClose={() => setRotating(false)} />
      <ConfirmDialog
        opened={deleting}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        busy={busy === 'delete'}
        error={deleteError}
        onConfirm={remove}
        onClose={closeDelete}
      >
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {endpoint.url} stops receiving events at once, and deliveries still waiting are dropped. This cannot be
          undone; to pause it instead, disable it.
        </Text>
      </ConfirmDialog>
    </Paper>
  );
}
