// Shown instead of billing to members who may not see it: what happened and whom to ask.
import { Button } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageState } from '../layout/PageState.tsx';

export function NoBillingAccess({ workspaceName, slug }: { workspaceName: string; slug: string }) {
  return (
    <PageState
      icon={<IconLock size={28} />}
      title="You don't have access to billing"
      testId="no-billing-access"
      action={
        <Button component={Link} to={`/w/${slug}/members`} variant="default" mt="sm">
          See who can help
        </Button>
      }
    >
      Ask an owner of {workspaceName} to give you the Billing role. Owners and billing managers see the plan, seats and
      invoices here.
    </PageState>
  );
}
