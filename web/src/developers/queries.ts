// Queries of the Developers page: API keys, webhook endpoints, the event types they may subscribe to, and each
// endpoint's delivery log (refetched every second while a delivery is still pending).
import { type QueryClient, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Page } from '../api.ts';
import type { ApiKey, WebhookDelivery, WebhookEndpoint, WebhookEventType } from './types.ts';

/** Deliveries per page of the log; "Load more" fetches the next. */
export const deliveryPageSize = 10;

function afterParam(id: string | null): string {
  return id ? `&startingAfter=${encodeURIComponent(id)}` : '';
}

export function useApiKeys(slug: string) {
  return useInfiniteQuery({
    queryKey: ['api-keys', slug],
    queryFn: ({ pageParam }) =>
      api<Page<ApiKey>>('GET', `/v1/workspaces/${slug}/api-keys?limit=100${afterParam(pageParam)}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore ? (last.data.at(-1)?.id ?? null) : null),
  });
}

export function useWebhookEndpoints(slug: string) {
  return useInfiniteQuery({
    queryKey: ['webhook-endpoints', slug],
    queryFn: ({ pageParam }) =>
      api<Page<WebhookEndpoint>>('GET', `/v1/workspaces/${slug}/webhook-endpoints?limit=100${afterParam(pageParam)}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore ? (last.data.at(-1)?.id ?? null) : null),
  });
}

export function useWebhookEventTypes(enabled: boolean) {
  return useQuery({
    queryKey: ['webhook-event-types'],
    queryFn: () => api<{ data: WebhookEventType[] }>('GET', '/v1/webhook-event-types'),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
  });
}

export function deliveriesKey(slug: string, endpointId: string) {
  return ['webhook-deliveries', slug, endpointId];
}

export function useDeliveries(slug: string, endpointId: string) {
  return useInfiniteQuery({
    queryKey: deliveriesKey(slug, endpointId),
    queryFn: ({ pageParam }) =>
      api<Page<WebhookDelivery>>(
        'GET',
        `/v1/workspaces/${slug}/webhook-endpoints/${endpointId}/deliveries?limit=${deliveryPageSize}${afterParam(pageParam)}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore ? (last.data.at(-1)?.id ?? null) : null),
    // A pending delivery is being sent or waits for its retry: its outcome shows without a reload. Retries hours
    // away are not worth a request a second, so the log polls only while one is due within the minute.
    refetchInterval: (query) => {
      const soon = Date.now() + 60_000;
      const pending = query.state.data?.pages.some((page) =>
        page.data.some(
          (d) => d.status === 'pending' && (d.nextAttemptAt === null || Date.parse(d.nextAttemptAt) <= soon),
        ),
      );
      return pending ? 1000 : false;
    },
  });
}

export async function refreshEndpoints(queryClient: QueryClient, slug: string): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: ['webhook-endpoints', slug] });
}
