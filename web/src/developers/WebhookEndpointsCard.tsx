// The workspace's webhook endpoints: add one (its signing secret shown once), and each endpoint's actions and
// delivery log.
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { SectionCard } from '../layout/SectionCard.tsx';
import { AddEndpointDialog } from './AddEndpointDialog.tsx';
import { useWebhookEndpoints } from './queries.ts';
import { WebhookEndpointItem } from './WebhookEndpointItem.tsx';

export function WebhookEndpointsCard({ slug }: { slug: string }) {
  const endpoints = useWebhookEndpoints(slug);
  const [adding, setAdding] = useState(false);
  const rows = endpoints.data?.pages.flatMap((page) => page.data) ?? [];

  let content: React.ReactNode;
  if (endpoints.isPending) {
    content = (
      <Center py="md">
        <Loader size="sm" />
      </Center>
    );
  } else if (endpoints.error && rows.length === 0) {
    content = (
      <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
        {endpoints.error.message}
      </Alert>
    );
  } else if (rows.length === 0) {
    content = (
      <Text c="dimmed" size="sm" data-testid="no-endpoints">
        No endpoints yet. Add one to have Billfold tell your product when a plan, invoice or payment changes.
      </Text>
    );
  } else {
    content = (
      <Stack gap="sm">
        {rows.map((endpoint) => (
          <WebhookEndpointItem key={endpoint.id} slug={slug} endpoint={endpoint} />
        ))}
        {endpoints.hasNextPage && (
          <Center>
            <Button variant="default" loading={endpoints.isFetchingNextPage} onClick={() => endpoints.fetchNextPage()}>
              Load more
            </Button>
          </Center>
        )}
      </Stack>
    );
  }

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
      {content}
      <AddEndpointDialog slug={slug} opened={adding} onClose={() => setAdding(false)} />
    </SectionCard>
  );
}
