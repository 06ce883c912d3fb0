// Queries for changing a subscription: the plan catalog and the server's preview of what a change would cost.
import { useQuery } from '@tanstack/react-query';
import { api, type Plan, type SubscriptionPreview } from '../../api.ts';
import type { SubscriptionChange } from './plan-options.ts';

export function usePlans() {
  return useQuery({
    queryKey: ['plans'],
    queryFn: () => api<{ data: Plan[] }>('GET', '/v1/plans'),
    staleTime: 5 * 60_000,
  });
}

/** Null asks nothing (no choice yet). */
export function useSubscriptionPreview(slug: string, change: SubscriptionChange | null) {
  return useQuery({
    queryKey: ['subscription-preview', slug, change],
    queryFn: () => {
      const query = new URLSearchParams(
        Object.entries(change ?? {}).map(([name, value]) => [name, String(value)] as [string, string]),
      );
      return api<SubscriptionPreview>('GET', `/v1/workspaces/${slug}/subscription/preview?${query}`);
    },
    enabled: change !== null,
    // A preview is priced at this moment: one seen before a change must not be shown again after it.
    gcTime: 0,
  });
}
