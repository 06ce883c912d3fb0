// Queries of the Developers page: API keys, webhook endpoints, the event types they may subscribe to, and each
// endpoint's delivery log (refetched every second while a delivery is still pending).
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import { usePagedList } from '../paged-list.ts';
import type { ApiKey, WebhookDelivery, WebhookEndpoint, WebhookEventType } from './types.ts';

/** Deliveries per page of the log; "Load more" fetches the next. */
const deliveryPageSize = 10;

export function useApiKeys(slug: string) {
  return usePagedList<ApiKey>({ queryKey: ['api-keys', slug], path: `/v1/workspaces/${slug}/api-keys`, limit: 100 });
}

export function useWebhookEndpoints(slug: string) {
  return usePagedList<WebhookEndpoint>({
    queryKey: ['webhook-endpoints', slug],
    path: `/v1/workspaces/${slug}/webhook-endpoints`,
    limit: 100,
  });
}

export function useWebhookEventTypes() {
  return useQuery({
    queryKey: ['webhook-event-types'],
    queryFn: () => api<{ data: WebhookEventType[] }>('GET', '/v1/webhook-event-types'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function deliveriesKey(slug: string, endpointId: string) {
  return ['webhook-deliveries', slug, endpointId];
}

export function useDeliveries(slug: string, endpointId: string) {
  return usePagedList<WebhookDelivery>({
    queryKey: deliveriesKey(slug, endpointId),
    path: `/v1/workspaces/${slug}/webhook-endpoints/${endpointId}/deliveries`,
    limit: deliveryPageSize,
    // A pending delivery is being sent or waits for its retry: its outcome shows without a reload. Retries hours
    // away are not worth a request a second, so the log polls only while one is due within the minute.
    refetchInterval: (deliveries) => {
      const soon = Date.now() + 60_000;
      const pending = deliveries.some(
        (d) => d.status === 'pending' && (d.nextAttemptAt === null || Date.parse(d.nextAttemptAt) <= soon),
      );
      return pending ? 1000 : false;
    },
  });
}

export async function refreshEndpoints(queryClient: QueryClient, slug: string): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: ['webhook-endpoints', slug] });
}
