// Rotates an endpoint's signing secret: first what happens (both secrets sign for 24 hours, so receivers can
// switch without missing an event), then the new secret, shown this once.
import { Alert, Button, Group, List, Modal, Stack } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatMoment } from '../billing/activity/moments.ts';
import { useIntentKey } from '../intent-key.ts';
import { errorInWords } from '../layout/change-notices.ts';
import { refreshEndpoints } from './queries.ts';
import { ShownOnceSecret } from './ShownOnceSecret.tsx';
import type { WebhookEndpoint, WebhookEndpointWithSecret } from './types.ts';

export function RotateSecretDialog({
  slug,
  endpoint,
  opened,
  onClose,
}: {
  slug: string;
  endpoint: WebhookEndpoint;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const intent = useIntentKey();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rotated, setRotated] = useState<WebhookEndpointWithSecret | null>(null);

  function close() {
    intent.forget();
    setError(null);
    setRotated(null);
    onClose();
  }

  async function rotate() {
    setBusy(true);
    setError(null);
    try {
      const result = await intent.send<WebhookEndpointWithSecret>(
        'POST',
        `/v1/workspaces/${slug}/webhook-endpoints/${endpoint.id}/rotate-secret`,
      );
      setRotated(result);
      await refreshEndpoints(queryClient, slug);
    } catch (e) {
      setError(errorInWords(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={rotated ? 'New signing secret' : 'Rotate signing secret?'}
      centered
      size="lg"
    >
      {rotated ? (
        <ShownOnceSecret label="Signing secret" value={rotated.secret} testId="rotated-secret" onDone={close}>
          Deliveries are signed with both the new and the previous secret
          {rotated.secretRotatedUntil ? ` until ${formatMoment(rotated.secretRotatedUntil)}` : ' for 24 hours'}. Put the
          new one in your receiver before then.
        </ShownOnceSecret>
      ) : (
        <Stack gap="md">
          <List size="sm" spacing={6}>
            <List.Item>A new secret is made and shown to you once.</List.Item>
            <List.Item>
              For 24 hours every delivery carries signatures of both secrets, so your receiver keeps accepting them
              while you switch it to the new one.
            </List.Item>
            <List.Item>After that, only the new secret signs.</List.Item>
          </List>
          {error && (
            <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button loading={busy} onClick={rotate}>
              Rotate secret
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
