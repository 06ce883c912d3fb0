// The workspace's webhook endpoints: add one (its signing secret shown once), and each endpoint's actions and
// delivery log.
import { Button, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ListState } from '../layout/ListState.tsx';
import { SectionCard } from '../layout/SectionCard.tsx';
import { AddEndpointDialog } from './AddEndpointDialog.tsx';
import { useWebhookEndpoints } from './queries.ts';
import { WebhookEndpointItem } from './WebhookEndpointItem.tsx';

export function WebhookEndpointsCard({ slug }: { slug: string }) {
  const endpoints = useWebhookEndpoints(slug);
  const [adding, setAdding] = useState(false);

  return (
    <SectionCard
      title="Webhooks"
      titleId="webhooks-title"
      description="Billfold POSTs each event to these URLs, signed per Standard Webhooks, and retries for a day when they fail."
      testId="webhook-endpoints"
      action={
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
          Add endpoint
        </Button>
      }
    >
      <ListState
        list={endpoints}
        empty="No endpoints yet. Add one to have Billfold tell your product when a plan, invoice or payment changes."
        emptyTestId="no-endpoints"
        loadMoreGap="sm"
      >
        <Stack gap="sm">
          {(endpoints.data ?? []).map((endpoint) => (
            <WebhookEndpointItem key={endpoint.id} slug={slug} endpoint={endpoint} />
          ))}
        </Stack>
      </ListState>
      <AddEndpointDialog slug={slug} opened={adding} onClose={() => setAdding(false)} />
    </SectionCard>
  );
}
