// Developers: the workspace's API keys and webhook endpoints with their delivery logs, for those who manage them;
// a clear page for everyone else.
import { Center, Loader, Stack } from '@mantine/core';
import { useParams } from 'react-router';
import { ApiKeysCard } from '../developers/ApiKeysCard.tsx';
import { developerAccessOf } from '../developers/access.ts';
import { NoDevelopersAccess } from '../developers/NoDevelopersAccess.tsx';
import { WebhookEndpointsCard } from '../developers/WebhookEndpointsCard.tsx';
import { PageHeader } from '../layout/PageHeader.tsx';
import { useWorkspaces } from '../session.ts';

export function DevelopersPage() {
  const { slug = '' } = useParams();
  const workspaces = useWorkspaces();
  const workspace = workspaces.data?.data.find((w) => w.slug === slug);
  const access = developerAccessOf(workspace);

  let content: React.ReactNode;
  if (workspaces.isPending) {
    content = (
      <Center py="xl">
        <Loader />
      </Center>
    );
  } else if (!workspace) {
    // The layout tells a workspace that is not found.
    content = null;
  } else if (!access.apiKeys && !access.webhooks) {
    content = <NoDevelopersAccess workspaceName={workspace.name} slug={slug} />;
  } else {
    content = (
      <>
        {access.apiKeys && <ApiKeysCard slug={slug} />}
        {access.webhooks && <WebhookEndpointsCard slug={slug} />}
      </>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader title="Developers">
        API keys and webhooks that connect {workspace?.name ?? slug} to your product
      </PageHeader>
      {content}
    </Stack>
  );
}
