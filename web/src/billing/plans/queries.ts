// Queries for changing a subscription: the plan catalog and the server's preview of what a change (or a cancel)
// would cost and end.
import { useQuery } from '@tanstack/react-query';
import { api, type Plan, type SubscriptionPreview, type TerminationPreview } from '../../api.ts';
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

/** What canceling would end (the cancel itself is always at the period end); asked only while the dialog is open. */
export function useCancelPreview(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: ['cancel-preview', slug],
    queryFn: () => api<SubscriptionPreview>('GET', `/v1/workspaces/${slug}/subscription/cancel/preview`),
    enabled,
    gcTime: 0,
  });
}

/** What ending the subscription now would refund; asked only while the cancel dialog is open. */
export function useTerminationPreview(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: ['termination-preview', slug],
    queryFn: () => api<TerminationPreview>('GET', `/v1/workspaces/${slug}/subscription/terminate/preview`),
    enabled,
    gcTime: 0,
  });
}
