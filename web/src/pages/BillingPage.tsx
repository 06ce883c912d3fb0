// Plan & Billing: what the workspace is on and how many seats it uses; a clear page for those without access.
import { Alert, Center, Loader, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ApiError, api, type BillingSummary } from '../api.ts';
import { CurrentPlanCard } from '../billing/CurrentPlanCard.tsx';
import { NoBillingAccess } from '../billing/NoBillingAccess.tsx';
import { UsageCard } from '../billing/UsageCard.tsx';
import { useWorkspaces } from '../session.ts';

export function BillingPage() {
  const { slug = '' } = useParams();
  const workspaces = useWorkspaces();
  const summary = useQuery({
    queryKey: ['billing', slug],
    queryFn: () => api<BillingSummary>('GET', `/v1/workspaces/${slug}/billing`),
  });

  if (summary.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (summary.error) {
    const error = summary.error;
    if (error instanceof ApiError && error.status === 403) {
      const name = workspaces.data?.data.find((w) => w.slug === slug)?.name ?? slug;
      return <NoBillingAccess workspaceName={name} />;
    }
    if (error instanceof ApiError && error.status === 404) return <Alert color="red">Workspace not found.</Alert>;
    return <Alert color="red">{error.message}</Alert>;
  }
  return (
    <Stack gap="lg">
      <Title order={2}>Plan & Billing</Title>
      <CurrentPlanCard summary={summary.data} />
      <UsageCard summary={summary.data} />
    </Stack>
  );
}
