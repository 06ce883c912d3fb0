// The activity log, newest first, a page at a time ("Load more").
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api.ts';
import type { ActivityEntry } from './types.ts';

export const activityPageSize = 15;

export function useActivity(slug: string) {
  return useInfiniteQuery({
    queryKey: ['activity', slug],
    queryFn: ({ pageParam }) => {
      const after = pageParam ? `&startingAfter=${encodeURIComponent(pageParam)}` : '';
      return api<Page<ActivityEntry>>('GET', `/v1/workspaces/${slug}/activity?limit=${activityPageSize}${after}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore ? (last.data.at(-1)?.id ?? null) : null),
  });
}
