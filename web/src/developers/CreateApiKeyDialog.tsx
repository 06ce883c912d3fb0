// Creates a workspace API key: a name and, optionally, narrower scopes; then its token, shown this once.
import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api.ts';
import { useIntentKey } from '../intent-key.ts';
import { errorInWords } from '../layout/change-notices.ts';
import { ShownOnceSecret } from './ShownOnceSecret.tsx';
import { scopeOptions } from './scopes.ts';
import type { ApiKeyScope, CreatedApiKey } from './types.ts';

export function CreateApiKeyDialog({ slug, opened, onClose }: { slug: string; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const intent = useIntentKey();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; param?: string } | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  function close() {
    // The token lives only in this dialog's state: closing it forgets it for good.
    intent.forget();
    setName('');
    setScopes([]);
    setError(null);
    setCreated(null);
    onClose();
  }

  async function create(event: React.FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError({ message: 'Give the key a name, such as the system that will use it.', param: 'name' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = scopes.length > 0 ? { name: name.trim(), scopes } : { name: name.trim() };
      const key = await intent.send<CreatedApiKey>('POST', `/v1/workspaces/${slug}/api-keys`, body);
      setCreated(key);
      await queryClient.invalidateQueries({ queryKey: ['api-keys', slug] });
    } catch (e) {
      setError({ message: errorInWords(e), param: e instanceof ApiError ? e.param : undefined });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={close} title={created ? 'API key created' : 'Create API key'} centered size="lg">
      {created ? (
        <ShownOnceSecret label="Token" value={created.token} testId="api-key-token" onDone={close}>
          <b>{created.name}</b> can call the Billfold API for this workspace. Send it as{' '}
          <Text span ff="monospace" size="sm">
            Authorization: Bearer &lt;token&gt;
          </Text>
          .
        </ShownOnceSecret>
      ) : (
        <form onSubmit={create} noValidate>
          <Stack gap="md">
            <TextInput
              label="Name"
              description="Who or what uses the key, to recognize it later"
              placeholder="Product backend"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={80}
              error={error?.param === 'name' ? error.message : undefined}
              data-autofocus
              required
            />
            <Checkbox.Group
              label="Scopes"
              description="Leave all unchecked to give the key everything your role allows (never more)."
              value={scopes}
              onChange={(value) => setScopes(value as ApiKeyScope[])}
            >
              <Stack gap="xs" mt="xs">
                {scopeOptions.map((option) => (
                  <Checkbox
                    key={option.scope}
                    value={option.scope}
                    label={option.label}
                    description={option.description}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
            {error && error.param !== 'name' && (
              <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />} data-testid="create-api-key-error">
                {error.message}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
