// Adds a webhook endpoint: its URL, a description and the events it receives; then its signing secret, shown
// this once.
import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api.ts';
import { useIntentKey } from '../intent-key.ts';
import { errorInWords } from '../layout/change-notices.ts';
import { type EventTypesChoice, EventTypesInput } from './EventTypesInput.tsx';
import { refreshEndpoints } from './queries.ts';
import { ShownOnceSecret } from './ShownOnceSecret.tsx';
import type { WebhookEndpointWithSecret } from './types.ts';

export function AddEndpointDialog({ slug, opened, onClose }: { slug: string; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const intent = useIntentKey();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<EventTypesChoice>({ all: true, picked: [] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; param?: string } | null>(null);
  const [created, setCreated] = useState<WebhookEndpointWithSecret | null>(null);

  function close() {
    // The secret lives only in this dialog's state: closing it forgets it for good.
    intent.forget();
    setUrl('');
    setDescription('');
    setEventTypes({ all: true, picked: [] });
    setError(null);
    setCreated(null);
    onClose();
  }

  async function add(event: React.FormEvent) {
    event.preventDefault();
    if (!url.trim()) {
      setError({ message: 'Enter the URL that should receive the events.', param: 'url' });
      return;
    }
    if (!eventTypes.all && eventTypes.picked.length === 0) {
      setError({ message: 'Pick at least one event type, or send all events.', param: 'eventTypes' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const endpoint = await intent.send<WebhookEndpointWithSecret>(
        'POST',
        `/v1/workspaces/${slug}/webhook-endpoints`,
        {
          url: url.trim(),
          eventTypes: eventTypes.all ? [] : eventTypes.picked,
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      );
      setCreated(endpoint);
      await refreshEndpoints(queryClient, slug);
    } catch (e) {
      setError({ message: errorInWords(e), param: e instanceof ApiError ? e.param : undefined });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (param: string) => (error?.param === param ? error.message : undefined);
  return (
    <Modal opened={opened} onClose={close} title={created ? 'Endpoint added' : 'Add endpoint'} centered size="lg">
      {created ? (
        <ShownOnceSecret label="Signing secret" value={created.secret} testId="endpoint-secret" onDone={close}>
          Billfold now sends events to <b>{created.url}</b>. Verify each request's <code>webhook-signature</code> with
          this secret (any Standard Webhooks library does it).
        </ShownOnceSecret>
      ) : (
        <form onSubmit={add} noValidate>
          <Stack gap="md">
            <TextInput
              label="Endpoint URL"
              description="An https address of your product that accepts POST requests"
              placeholder="https://example.com/webhooks/billfold"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              maxLength={2048}
              error={fieldError('url')}
              type="url"
              data-autofocus
              required
            />
            <TextInput
              label="Description"
              placeholder="Provisioning service"
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              maxLength={500}
              error={fieldError('description')}
            />
            <EventTypesInput value={eventTypes} onChange={setEventTypes} error={fieldError('eventTypes')} />
            {error && !['url', 'description', 'eventTypes'].includes(error.param ?? '') && (
              <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />} data-testid="add-endpoint-error">
                {error.message}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Add endpoint
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
