// Shown instead of the Developers page to members who may not manage API keys or webhooks: what happened, whom to ask.
import { Button } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageState } from '../layout/PageState.tsx';

export function NoDevelopersAccess({ workspaceName, slug }: { workspaceName: string; slug: string }) {
  return (
    <PageState
      icon={<IconLock size={28} />}
      title="You don't have access to Developers"
      testId="no-developers-access"
      action={
        <Button component={Link} to={`/w/${slug}/members`} variant="default" mt="sm">
          See who can help
        </Button>
      }
    >
      API keys and webhooks of {workspaceName} are managed by its owners and billing managers. Ask one of them if your
      product needs a key or an endpoint.
    </PageState>
  );
}
