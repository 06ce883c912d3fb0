// The workspace's API keys: name, prefix, scopes, when created and last used; create one (its token shown once)
// and revoke one after a confirmation. A list of stacked rows, which reads the same on a phone.
import { Badge, Button, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatMoment, relativeMoment } from '../billing/activity/moments.ts';
import { formatDate } from '../billing/dates.ts';
import { useIntentKey } from '../intent-key.ts';
import { ConfirmDialog } from '../layout/ConfirmDialog.tsx';
import { confirmChange, errorInWords } from '../layout/change-notices.ts';
import { ListState } from '../layout/ListState.tsx';
import { SectionCard } from '../layout/SectionCard.tsx';
import { CreateApiKeyDialog } from './CreateApiKeyDialog.tsx';
import { useApiKeys } from './queries.ts';
import { scopeLabel } from './scopes.ts';
import type { ApiKey } from './types.ts';

export function ApiKeysCard({ slug }: { slug: string }) {
  const keys = useApiKeys(slug);
  const queryClient = useQueryClient();
  const intent = useIntentKey();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<string | null>(null);

  function closeRevoke() {
    intent.forget();
    setRevoking(null);
    setRevokeError(null);
  }

  async function revoke(key: ApiKey) {
    setBusy(true);
    setRevokeError(null);
    try {
      await intent.send('DELETE', `/v1/workspaces/${slug}/api-keys/${key.id}`);
      await queryClient.invalidateQueries({ queryKey: ['api-keys', slug] });
      confirmChange('API key revoked', `${key.name} can no longer be used.`);
      closeRevoke();
    } catch (e) {
      setRevokeError(errorInWords(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <SectionCard
      title="API keys"
      titleId="api-keys-title"
      description="Your product's servers call the Billfold API with these. Keep them secret."
      testId="api-keys"
      action={
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          Create API key
        </Button>
      }
    >
      <ListState
        list={keys}
        empty="No API keys yet. Create one for your product's servers to call Billfold (consume credits, sync members)."
        emptyTestId="no-api-keys"
        loadMoreGap="sm"
      >
        <Stack gap="sm">
          {(keys.data ?? []).map((key) => (
            <ApiKeyRow key={key.id} apiKey={key} onRevoke={() => setRevoking(key)} />
          ))}
        </Stack>
      </ListState>
      <CreateApiKeyDialog slug={slug} opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        opened={revoking !== null}
        title={`Revoke ${revoking?.name ?? 'API key'}?`}
        confirmLabel="Revoke key"
        busy={busy}
        error={revokeError}
        onConfirm={() => revoking && revoke(revoking)}
        onClose={closeRevoke}
      >
        Requests with this key are refused from now on. Whatever uses it stops working until it gets a new key. This
        cannot be undone.
      </ConfirmDialog>
    </SectionCard>
  );
}

function ApiKeyRow({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: () => void }) {
  return (
    <Paper withBorder radius="md" p="sm" data-testid="api-key-row">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={6} miw={0} style={{ flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            <IconKey size={16} stroke={1.6} color="var(--mantine-color-gray-6)" aria-hidden />
            <Text fw={600} size="sm" data-testid="api-key-name" style={{ wordBreak: 'break-word' }}>
              {apiKey.name}
            </Text>
            <Code data-testid="api-key-prefix">{apiKey.prefix}…</Code>
          </Group>
          <Group gap={6} wrap="wrap" data-testid="api-key-scopes">
            {apiKey.scopes.map((scope) => (
              <Badge key={scope} variant="light" color="gray" radius="sm" size="sm">
                {scopeLabel(scope)}
              </Badge>
            ))}
          </Group>
          <Text size="xs" c="dimmed">
            <span title={formatMoment(apiKey.createdAt)}>
              Created {formatDate(apiKey.createdAt)}
              {apiKey.createdBy ? ` by ${apiKey.createdBy.name}` : ''}
            </span>
            {' · '}
            <span
              data-testid="api-key-last-used"
              title={apiKey.lastUsedAt ? formatMoment(apiKey.lastUsedAt) : undefined}
            >
              {apiKey.lastUsedAt ? `Last used ${relativeMoment(apiKey.lastUsedAt)}` : 'Never used'}
            </span>
          </Text>
        </Stack>
        <Button
          variant="subtle"
          color="red"
          size="compact-sm"
          onClick={onRevoke}
          aria-label={`Revoke ${apiKey.name}`}
          style={{ flexShrink: 0 }}
        >
          Revoke
        </Button>
      </Group>
    </Paper>
  );
}
