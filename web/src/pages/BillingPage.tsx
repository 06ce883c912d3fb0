// Plan & Billing: the plan, seats, credits, payment method, billing details, invoices and (for billing managers) the
// activity log; a clear page for those without access.
import { Button, Center, Loader, Stack } from '@mantine/core';
import { IconAlertTriangle, IconBuildingCommunity } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, type BillingSummary, isApiError } from '../api.ts';
import { ActivityCard } from '../billing/activity/ActivityCard.tsx';
import { BillingDetailsCard } from '../billing/BillingDetailsCard.tsx';
import { CurrentPlanCard } from '../billing/CurrentPlanCard.tsx';
import { CreditsCard } from '../billing/credits/CreditsCard.tsx';
import { InvoicesCard } from '../billing/InvoicesCard.tsx';
import { NoBillingAccess } from '../billing/NoBillingAccess.tsx';
import { PaymentMethodCard } from '../billing/PaymentMethodCard.tsx';
import { UsageCard } from '../billing/UsageCard.tsx';
import { PageHeader } from '../layout/PageHeader.tsx';
import { PageState } from '../layout/PageState.tsx';
import { useWorkspaces } from '../session.ts';

export function BillingPage() {
  const { slug = '' } = useParams();
  const workspaces = useWorkspaces();
  const workspaceName = workspaces.data?.data.find((w) => w.slug === slug)?.name ?? slug;
  const summary = useQuery({
    queryKey: ['billing', slug],
    queryFn: () => api<BillingSummary>('GET', `/v1/workspaces/${slug}/billing`),
  });

  let content: React.ReactNode;
  if (summary.isPending) {
    content = (
      <Center py="xl">
        <Loader />
      </Center>
    );
  } else if (isApiError(summary.error, 403)) {
    content = <NoBillingAccess workspaceName={workspaceName} slug={slug} />;
  } else if (isApiError(summary.error, 404)) {
    content = (
      <PageState icon={<IconBuildingCommunity size={28} />} title="Workspace not found" testId="workspace-not-found">
        There is no workspace “{slug}” that you are a member of.
      </PageState>
    );
  } else if (summary.error) {
    content = (
      <PageState
        icon={<IconAlertTriangle size={28} />}
        color="red"
        title="Billing could not be loaded"
        action={
          <Button variant="default" mt="sm" onClick={() => summary.refetch()}>
            Try again
          </Button>
        }
      >
        {summary.error.message}
      </PageState>
    );
  } else {
    content = (
      <>
        <CurrentPlanCard summary={summary.data} />
        <UsageCard summary={summary.data} />
        <CreditsCard summary={summary.data} />
        <PaymentMethodCard summary={summary.data} />
        <BillingDetailsCard slug={slug} canManage={summary.data.permissions.manage} />
        <InvoicesCard slug={slug} canManage={summary.data.permissions.manage} />
        {summary.data.permissions.manage && <ActivityCard slug={slug} />}
      </>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader title="Plan & Billing">
        The plan, seats, credits, payment method and invoices of {workspaceName}
      </PageHeader>
      {content}
    </Stack>
  );
}
